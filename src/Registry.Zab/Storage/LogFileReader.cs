using System.Buffers.Binary;

namespace Registry.Zab.Storage;

internal enum LogReadStatus
{
    Record,
    EndOfData,
    Invalid,
}

/// <summary>
/// Reads the records of one log file front to back, checking each one (format on <see cref="TxnLog"/>).
/// </summary>
internal sealed class LogFileReader : IDisposable
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly byte[] _header = new byte[LogFormat.RecordHeaderSize];
    private byte[] _payload = new byte[256];
    private int _payloadLength;

    /// <param name="path">The log file.</param>
    /// <param name="end">Bytes past this offset are not read (the durable end of the file, when known).</param>
    public LogFileReader(string path, long end = long.MaxValue)
    {
        _path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        End = Math.Min(end, _stream.Length);
    }

    public long End { get; }

    /// <summary>Offset of the record the last <see cref="Next"/> looked at.</summary>
    public long RecordStart { get; private set; }

    /// <summary>Offset where the next record starts.</summary>
    public long Position { get; private set; }

    public long Zxid { get; private set; }

    public ReadOnlySpan<byte> Payload => _payload.AsSpan(0, _payloadLength);

    /// <summary>Why the last read did not return a record.</summary>
    public string Problem { get; private set; } = "";

    /// <summary>Opens a file whose records up to <paramref name="end"/> were validated before: damage there is corruption.</summary>
    public static LogFileReader OpenValidated(string path, long end)
    {
        var reader = new LogFileReader(path, end);
        if (!reader.ReadFileHeader())
        {
            reader.Dispose();
            throw new CorruptLogException(path, 0, reader.Problem);
        }

        return reader;
    }

    public bool ReadFileHeader()
    {
        Span<byte> header = stackalloc byte[LogFormat.FileHeaderSize];
        if (End < header.Length)
        {
            Problem = "the file header is incomplete";
            return false;
        }

        _stream.ReadExactly(header);
        if (!LogFormat.IsFileHeader(header))
        {
            Problem = "the file header has a wrong magic or version";
            return false;
        }

        RecordStart = Position = header.Length;
        return true;
    }

    public LogReadStatus Next()
    {
        RecordStart = Position;
        var remaining = End - Position;
        var header = _header.AsSpan(0, (int)Math.Min(remaining, LogFormat.RecordHeaderSize));
        _stream.ReadExactly(header);
        if (!header[..Math.Min(header.Length, sizeof(int))].ContainsAnyExcept((byte)0))
        {
            Problem = "zero record length (end of data)";
            return LogReadStatus.EndOfData;
        }

        if (header.Length < LogFormat.RecordHeaderSize)
        {
            return Invalid("the record header runs past the end of the file");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > remaining - LogFormat.RecordOverhead)
        {
            return Invalid($"record length {length} is negative or runs past the end of the file");
        }

        if (_payload.Length <= length)
        {
            _payload = new byte[length + 1];
        }

        var body = _payload.AsSpan(0, length + 1);
        _stream.ReadExactly(body);
        var crc = Crc32C.Append(Crc32C.Append(0, header[8..]), body[..^1]);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(header[4..]))
        {
            return Invalid("checksum mismatch");
        }

        if (body[^1] != LogFormat.EndMarker)
        {
            return Invalid("missing end-of-record marker");
        }

        _payloadLength = length;
        Zxid = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        Position += LogFormat.RecordOverhead + length;
        return LogReadStatus.Record;
    }

    /// <summary>Reads the next record below <see cref="End"/>; false at <see cref="End"/>; throws on anything else.</summary>
    public bool NextValidated()
    {
        if (Position >= End)
        {
            return false;
        }

        return Next() == LogReadStatus.Record ? true : throw new CorruptLogException(_path, RecordStart, Problem);
    }

    /// <summary>The offset just past the last non-zero byte at or after <paramref name="from"/>, or <paramref name="from"/> if all are zero.</summary>
    public long NonZeroEnd(long from)
    {
        var result = from;
        var chunk = new byte[1 << 16];
        _stream.Position = from;
        int read;
        while ((read = _stream.Read(chunk)) > 0)
        {
            var last = chunk.AsSpan(0, read).LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                result = _stream.Position - read + last + 1;
            }
        }

        return result;
    }

    public void Dispose() => _stream.Dispose();

    private LogReadStatus Invalid(string problem)
    {
        Problem = problem;
        return LogReadStatus.Invalid;
    }
}
