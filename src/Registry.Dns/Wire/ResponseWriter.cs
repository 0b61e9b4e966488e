using System.Buffers.Binary;

namespace Registry.Dns.Wire;

/// <summary>
/// Writes a response into a caller's buffer: header, echoed question, then records section by section.
/// Every record is measured before it is written, so a record that does not fit the size limit is never
/// half-written and the caller decides between truncating (answers) and omitting (additional data).
/// Owner names are written as compression pointers (RFC 1035 section 4.1.4) into the question or earlier records.
/// </summary>
internal ref struct ResponseWriter
{
    /// <summary>Bytes of an OPT record without options: root owner, type, class, TTL, RDLENGTH.</summary>
    public const int OptSize = 11;

    /// <summary>The largest offset a compression pointer can address.</summary>
    public const int MaxPointerOffset = 0x3FFF;

    /// <summary>Pointer to the question name, which always starts right after the header.</summary>
    public const ushort QuestionNamePointer = 0xC000 | HeaderFlags.HeaderSize;

    private readonly Span<byte> _buffer;
    private int _limit;

    public ResponseWriter(Span<byte> buffer, int limit)
    {
        _buffer = buffer;
        _limit = Math.Min(limit, buffer.Length);
        Position = HeaderFlags.HeaderSize;
    }

    public int Position { get; private set; }

    public ushort AnswerCount { get; private set; }

    public ushort AuthorityCount { get; private set; }

    public ushort AdditionalCount { get; private set; }

    /// <summary>Keeps room for the OPT record written last.</summary>
    public void ReserveForOpt() => _limit -= OptSize;

    public readonly bool Fits(int size) => Position + size <= _limit;

    public void WriteQuestion(scoped ReadOnlySpan<byte> question)
    {
        question.CopyTo(_buffer[Position..]);
        Position += question.Length;
    }

    /// <summary>Starts a record whose owner is the name at <paramref name="ownerPointer"/>; the caller writes exactly <paramref name="rdLength"/> bytes next.</summary>
    public void BeginRecord(Section section, ushort ownerPointer, ushort type, uint ttl, int rdLength)
    {
        WriteUInt16(ownerPointer);
        WriteRecordFields(section, type, ttl, rdLength);
    }

    /// <summary>Starts a record whose owner is written in full (for names past <see cref="MaxPointerOffset"/>).</summary>
    public void BeginRecord(Section section, scoped ReadOnlySpan<byte> ownerPrefix, scoped ReadOnlySpan<byte> ownerSuffix, ushort type, uint ttl, int rdLength)
    {
        WriteBytes(ownerPrefix);
        WriteBytes(ownerSuffix);
        WriteRecordFields(section, type, ttl, rdLength);
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Position..]);
        Position += bytes.Length;
    }

    public void WriteByte(byte value) => _buffer[Position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
    }

    /// <summary>Appends the OPT record (room was reserved) advertising our payload size and carrying the upper rcode bits.</summary>
    public void WriteOpt(ushort udpPayloadSize, ResponseCode code)
    {
        _limit += OptSize;
        WriteByte(0);
        WriteUInt16(RecordType.Opt);
        WriteUInt16(udpPayloadSize);
        WriteUInt32((uint)((int)code >> 4) << 24);
        WriteUInt16(0);
        AdditionalCount++;
    }

    /// <summary>Fills in the header and returns the message length.</summary>
    public readonly int Finish(ushort id, ushort flags, bool hasQuestion)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], hasQuestion ? (ushort)1 : (ushort)0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[10..], AdditionalCount);
        return Position;
    }

    private void WriteRecordFields(Section section, ushort type, uint ttl, int rdLength)
    {
        WriteUInt16(type);
        WriteUInt16(RecordClass.In);
        WriteUInt32(ttl);
        WriteUInt16((ushort)rdLength);
        switch (section)
        {
            case Section.Answer:
                AnswerCount++;
                break;
            case Section.Authority:
                AuthorityCount++;
                break;
            default:
                AdditionalCount++;
                break;
        }
    }
}

internal enum Section
{
    Answer,
    Authority,
    Additional,
}
