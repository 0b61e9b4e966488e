using System.Buffers.Binary;
using System.Text;

namespace Registry.Server.ZooKeeper.Jute;

/// <summary>
/// Reads jute's binary encoding (big-endian ints and longs, length-prefixed strings, buffers and vectors)
/// from one frame's payload. Every length is checked against what is left, so no input can make it read
/// past the frame or allocate more than the frame holds.
/// </summary>
public ref struct JuteReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly int Remaining => _payload.Length - _position;

    public readonly int Position => _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool() => Take(1)[0] != 0;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>A ustring; length -1 (kazoo's empty string) reads as null.</summary>
    public string? ReadString()
    {
        var length = ReadLength("string");
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A buffer; length -1 reads as null.</summary>
    public byte[]? ReadBuffer()
    {
        var length = ReadLength("buffer");
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>A vector's element count; -1 (null vector) reads as 0. Each element needs at least <paramref name="minElementBytes"/>.</summary>
    public int ReadVectorCount(int minElementBytes)
    {
        var count = ReadInt();
        if (count < -1 || (count > 0 && (long)count * minElementBytes > Remaining))
        {
            throw new JuteException($"vector of {count} elements does not fit in the {Remaining} bytes left");
        }

        return Math.Max(count, 0);
    }

    public List<string> ReadStringVector()
    {
        var count = ReadVectorCount(4);
        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(ReadString() ?? "");
        }

        return result;
    }

    private int ReadLength(string what)
    {
        var length = ReadInt();
        if (length < -1 || length > Remaining)
        {
            throw new JuteException($"{what} length {length} with {Remaining} bytes left");
        }

        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new JuteException($"record truncated: needed {count} bytes at offset {_position}, {Remaining} left");
        }

        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}
