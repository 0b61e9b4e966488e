using System.Buffers.Binary;

namespace Registry.Zab.Protocol.Codec;

/// <summary>Reads little-endian fields from a frame body; the first failure sticks and is reported, never thrown.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _offset;

    public FrameError Error { get; private set; }

    public string? Detail { get; private set; }

    public readonly bool Failed => Error != FrameError.None;

    public readonly bool AtEnd => _offset == _body.Length;

    public long Int64(string field)
    {
        if (!Take(8, field, out var span))
        {
            return 0;
        }

        return BinaryPrimitives.ReadInt64LittleEndian(span);
    }

    /// <summary>A zxid, epoch, round or request id: never negative.</summary>
    public long NonNegative(string field)
    {
        var value = Int64(field);
        if (value < 0)
        {
            Fail(FrameError.InvalidField, $"{field} is negative");
        }

        return value;
    }

    public long Epoch(string field)
    {
        var value = NonNegative(field);
        if (value > Zxid.MaxEpoch)
        {
            Fail(FrameError.InvalidField, $"{field} exceeds the largest epoch");
        }

        return value;
    }

    public byte Byte(string field) => Take(1, field, out var span) ? span[0] : (byte)0;

    public bool Flag(string field)
    {
        var value = Byte(field);
        if (value > 1)
        {
            Fail(FrameError.InvalidField, $"{field} is not 0 or 1");
        }

        return value == 1;
    }

    /// <summary>A length-prefixed byte string, copied out of the receive buffer.</summary>
    public byte[] Bytes(string field)
    {
        if (!Take(4, field, out var lengthBytes))
        {
            return [];
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length < 0)
        {
            Fail(FrameError.InvalidField, $"{field} has a negative length");
            return [];
        }

        return Take(length, field, out var span) ? span.ToArray() : [];
    }

    public void Fail(FrameError error, string detail)
    {
        if (!Failed)
        {
            Error = error;
            Detail = detail;
        }
    }

    private bool Take(int count, string field, out ReadOnlySpan<byte> span)
    {
        if (Failed || _body.Length - _offset < count)
        {
            Fail(FrameError.Truncated, $"the frame ends inside {field}");
            span = default;
            return false;
        }

        span = _body.Slice(_offset, count);
        _offset += count;
        return true;
    }
}
