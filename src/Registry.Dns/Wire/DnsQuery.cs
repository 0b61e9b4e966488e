using System.Buffers.Binary;

namespace Registry.Dns.Wire;

/// <summary>What to do with an incoming message, decided before any name is looked at.</summary>
internal enum QueryStatus
{
    /// <summary>A well-formed standard query with one question.</summary>
    Ok,

    /// <summary>Not worth an answer: shorter than a header, or itself a response (answering could loop).</summary>
    Drop,

    /// <summary>Header readable but the rest is not a valid query (RFC 1035 FORMERR).</summary>
    FormatError,

    /// <summary>An opcode other than QUERY (RFC 1035 NOTIMP).</summary>
    NotImplemented,
}

/// <summary>
/// A query as read from the wire without allocating: header fields, the single question (its labels are
/// recorded as offsets into the message), and the EDNS0 OPT record if present (RFC 6891).
/// </summary>
internal struct DnsQuery
{
    /// <summary>Labels a name of at most 255 octets can have.</summary>
    public const int MaxLabels = 128;

    public QueryStatus Status;
    public ushort Id;
    public ushort Flags;
    public int LabelCount;

    /// <summary>Offset just past QCLASS: the question is echoed verbatim from offset 12 to here.</summary>
    public int QuestionEnd;
    public ushort QType;
    public ushort QClass;
    public bool HasOpt;
    public ushort UdpPayloadSize;
    public byte EdnsVersion;

    /// <summary>Reads <paramref name="message"/>; <paramref name="labelStarts"/> receives the offset of each label's length octet.</summary>
    public static DnsQuery Parse(ReadOnlySpan<byte> message, Span<int> labelStarts)
    {
        var query = default(DnsQuery);
        if (message.Length < HeaderFlags.HeaderSize)
        {
            query.Status = QueryStatus.Drop;
            return query;
        }
        query.Id = BinaryPrimitives.ReadUInt16BigEndian(message);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((query.Flags & HeaderFlags.Response) != 0)
        {
            query.Status = QueryStatus.Drop;
            return query;
        }
        if ((query.Flags & HeaderFlags.OpcodeMask) != 0)
        {
            query.Status = QueryStatus.NotImplemented;
            return query;
        }
        query.Status = QueryStatus.FormatError;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (questions != 1)
        {
            return query;
        }

        var position = HeaderFlags.HeaderSize;
        var nameLength = 1;
        while (true)
        {
            if (position >= message.Length)
            {
                return query;
            }
            var length = message[position];
            if (length == 0)
            {
                position++;
                break;
            }
            // Compression pointers and the obsolete extended label types have no place in a question.
            if ((length & 0xC0) != 0 || position + 1 + length > message.Length || query.LabelCount == MaxLabels)
            {
                return query;
            }
            nameLength += length + 1;
            if (nameLength > 255)
            {
                return query;
            }
            labelStarts[query.LabelCount++] = position;
            position += length + 1;
        }
        if (position + 4 > message.Length)
        {
            return query;
        }
        query.QType = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
        query.QClass = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
        position += 4;
        query.QuestionEnd = position;

        for (var i = 0; i < answers + authorities + additionals; i++)
        {
            var ownerStart = position;
            if (!SkipName(message, ref position) || position + 10 > message.Length)
            {
                return query;
            }
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
            if (position + 10 + rdLength > message.Length)
            {
                return query;
            }
            if (type == RecordType.Opt)
            {
                // One OPT at most, owned by the root, and only in the additional section (RFC 6891 section 6.1.1).
                var inAdditional = i >= answers + authorities;
                if (query.HasOpt || !inAdditional || position - ownerStart != 1)
                {
                    return query;
                }
                query.HasOpt = true;
                query.UdpPayloadSize = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
                query.EdnsVersion = message[position + 5];
            }
            position += 10 + rdLength;
        }
        query.Status = QueryStatus.Ok;
        return query;
    }

    /// <summary>Steps over a possibly compressed name; only its length in this place matters here.</summary>
    private static bool SkipName(ReadOnlySpan<byte> message, ref int position)
    {
        while (position < message.Length)
        {
            var length = message[position];
            if (length == 0)
            {
                position++;
                return true;
            }
            if ((length & 0xC0) == 0xC0)
            {
                position += 2;
                return position <= message.Length;
            }
            if ((length & 0xC0) != 0)
            {
                return false;
            }
            position += length + 1;
        }
        return false;
    }
}
