using System.Buffers.Binary;

namespace Registry.Zab.Protocol.Codec;

/// <summary>Appends little-endian fields to a growing buffer.</summary>
internal sealed class FrameWriter
{
    private byte[] _buffer = new byte[64];

    public int Length { get; private set; }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
    }

    public void Byte(byte value) => Reserve(1)[0] = value;

    public void Bytes(ReadOnlyMemory<byte> value)
    {
        Int32(value.Length);
        value.Span.CopyTo(Reserve(value.Length));
    }

    public void PatchInt32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), value);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
