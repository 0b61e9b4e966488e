using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>A frame length outside 0..max: the connection is closed, as ZooKeeper does past jute.maxbuffer.</summary>
public sealed class FrameTooLargeException(int length, int max) : Exception($"frame length {length} is outside 0..{max}")
{
    public int FrameLength { get; } = length;
}

/// <summary>Reads length-prefixed frames from a connection's input pipe.</summary>
public static class FrameReader
{
    /// <summary>
    /// The first 4 bytes of a connection as a big-endian int, without consuming them: a four-letter word or
    /// the length of the ConnectRequest. Null if the peer closed first.
    /// </summary>
    public static async ValueTask<int?> PeekFirstIntAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var value = ReadInt(buffer);
                input.AdvanceTo(buffer.Start);
                return value;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The next frame's payload, or null when the peer closed (a partial frame at close is dropped).</summary>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader input, int maxFrameBytes, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var length = ReadInt(buffer);
                if (length < 0 || length > maxFrameBytes)
                {
                    input.AdvanceTo(buffer.Start);
                    throw new FrameTooLargeException(length, maxFrameBytes);
                }

                if (buffer.Length >= 4L + length)
                {
                    var payload = buffer.Slice(4, length).ToArray();
                    input.AdvanceTo(buffer.GetPosition(4L + length));
                    return payload;
                }
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static int ReadInt(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(head);
        return BinaryPrimitives.ReadInt32BigEndian(head);
    }
}
