using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Registry.Tree.Snapshots;
using Registry.Zab.Protocol.Codec;
using Registry.Zab.Protocol.Messages;

namespace Registry.Server.Ensemble.Transport;

/// <summary>
/// One TCP connection to a peer: a FIFO send queue drained by its own writer (so the replication loop never waits on
/// the network) and a reader that cuts the byte stream into frames. A snapshot queued with
/// <see cref="SendSnapshot"/> is serialised and streamed as chunks by the writer, ahead of anything queued after it.
/// Any error closes the whole connection; the transport reports it and dials again.
/// </summary>
internal sealed class PeerConnection : IDisposable
{
    /// <summary>Snapshot chunks stay well below the frame limit.</summary>
    internal const int SnapshotChunkBytes = 512 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ILogger _logger;
    private readonly Channel<object> _outbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    public PeerConnection(long peerId, Socket socket, ILogger logger)
    {
        PeerId = peerId;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _logger = logger;
    }

    public long PeerId { get; }

    /// <summary>Queues an encoded frame; dropped silently once the connection is closed (the peer sees a disconnect).</summary>
    public void Send(byte[] frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>
    /// Queues a capture, to stream as <see cref="SnapshotChunk"/> frames from <paramref name="sender"/>. It is written
    /// out in the background at once, whatever becomes of the connection: until a capture is walked, the apply thread
    /// keeps pre-images for it.
    /// </summary>
    public void SendSnapshot(long sender, SnapshotCapture capture)
    {
        var body = Task.Run(() =>
        {
            // The stream's own buffer, not a second copy of a body that can be hundreds of megabytes.
            using var buffer = new MemoryStream();
            capture.WriteTo(buffer);
            return (ReadOnlyMemory<byte>)buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        });
        _outbox.Writer.TryWrite(new SnapshotTransfer(sender, capture.Zxid, body));
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        _closing.Cancel();
        _stream.Dispose();
    }

    /// <summary>Closes the connection; the token source is released once the reader and writer have stopped.</summary>
    public void Dispose() => Close();

    /// <summary>Reads frames into <paramref name="sink"/> until the connection breaks or is closed; then closes it.</summary>
    public async Task RunAsync(IPeerEventSink sink)
    {
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(sink);
        }
        catch (Exception e)
        {
            // Whatever broke, the connection is over; the transport reports it and dials again.
            _logger.LogDebug(e, "Connection to server {Peer} ended", PeerId);
        }
        finally
        {
            Close();
            await writer;
            _closing.Dispose();
        }
    }

    private async Task ReadLoopAsync(IPeerEventSink sink)
    {
        var prefix = new byte[4];
        var token = _closing.Token;
        while (true)
        {
            await _stream.ReadExactlyAsync(prefix, token);
            var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            if (length < ZabFrameCodec.HeaderBytes || length > FrameDecodeContext.DefaultMaxFrameBytes)
            {
                _logger.LogWarning("Server {Peer} sent a frame of {Length} bytes; dropping the connection", PeerId, length);
                return;
            }

            var frame = new byte[4 + length];
            prefix.CopyTo(frame, 0);
            await _stream.ReadExactlyAsync(frame.AsMemory(4), token);
            sink.Received(PeerId, this, frame);
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _closing.Token;
        var reader = _outbox.Reader;
        var buffered = new BufferedStream(_stream, 64 * 1024);
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                while (reader.TryRead(out var item))
                {
                    if (item is SnapshotTransfer transfer)
                    {
                        await StreamSnapshotAsync(buffered, transfer, token);
                    }
                    else
                    {
                        await buffered.WriteAsync((byte[])item, token);
                    }
                }

                await buffered.FlushAsync(token);
            }
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "Sending to server {Peer} stopped", PeerId);
        }
        finally
        {
            Close();
        }
    }

    private static async Task StreamSnapshotAsync(Stream output, SnapshotTransfer transfer, CancellationToken token)
    {
        // Written off the replication loop; the capture is consistent at its zxid.
        var body = await transfer.Body.WaitAsync(token);
        var offset = 0;
        do
        {
            var length = Math.Min(SnapshotChunkBytes, body.Length - offset);
            var last = offset + length == body.Length;
            var chunk = new SnapshotChunk(transfer.Zxid, body.Slice(offset, length), last);
            await output.WriteAsync(ZabFrameCodec.Encode(transfer.Sender, chunk), token);
            offset += length;
        }
        while (offset < body.Length);
    }

    private sealed record SnapshotTransfer(long Sender, long Zxid, Task<ReadOnlyMemory<byte>> Body);
}
