using System.Buffers.Binary;
using System.Text;

namespace Registry.Server.ZooKeeper.Jute;

/// <summary>
/// Writes jute's binary encoding into a growable buffer. <see cref="BeginFrame"/>/<see cref="EndFrame"/>
/// wrap a record in the 4-byte length prefix every ZooKeeper frame carries.
/// </summary>
public sealed class JuteWriter
{
    /// <summary>A scratch buffer larger than this (a reply listing many children) is not kept for the next use.</summary>
    private const int MaxRetainedScratch = 64 * 1024;

    [ThreadStatic]
    private static JuteWriter? t_scratch;

    private byte[] _buffer;
    private int _length;
    private int _frameStart = -1;

    public JuteWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;

    /// <summary>
    /// This thread's reusable writer, reset, for a frame built synchronously and copied out with <see cref="ToArray"/>
    /// before the thread builds the next one: replies are built per request, and a fresh buffer each time would be
    /// most of what a request allocates.
    /// </summary>
    public static JuteWriter Scratch()
    {
        var writer = t_scratch;
        if (writer is null || writer._buffer.Length > MaxRetainedScratch)
        {
            t_scratch = writer = new JuteWriter();
        }

        writer.Reset();
        return writer;
    }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Reset()
    {
        _length = 0;
        _frameStart = -1;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void BeginFrame()
    {
        _frameStart = _length;
        WriteInt(0);
    }

    public void EndFrame()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart), _length - _frameStart - 4);
        _frameStart = -1;
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteNullBuffer() => WriteInt(-1);

    public void WriteStringVector(IReadOnlyCollection<string> values)
    {
        WriteInt(values.Count);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
