using System.Buffers.Binary;

namespace Registry.Dns.Wire;

/// <summary>What to do with an incoming message, decided on its bytes before any parser builds objects from it.</summary>
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
/// A query's structure checked on the wire without allocating: the header, the single question (plain labels,
/// at most 255 octets, no compression), and every further record framed within the message, with at most one
/// OPT record, owned by the root, in the additional section (RFC 6891 section 6.1.1).
/// </summary>
internal readonly struct DnsQuery
{
    public const int HeaderSize = 12;

    private const ushort ResponseFlag = 0x8000;
    private const ushort OpcodeMask = 0x7800;
    private const ushort OptType = 41;

    private DnsQuery(QueryStatus status, ushort id, ushort flags, bool plain)
    {
        Status = status;
        Id = id;
        Flags = flags;
        Plain = plain;
    }

    public QueryStatus Status { get; }

    public ushort Id { get; }

    public ushort Flags { get; }

    /// <summary>Nothing but the question and possibly an OPT record without options: the shape of almost every query.</summary>
    public bool Plain { get; }

    public static DnsQuery Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderSize)
        {
            return new DnsQuery(QueryStatus.Drop, 0, 0, false);
        }
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((flags & ResponseFlag) != 0)
        {
            return new DnsQuery(QueryStatus.Drop, id, flags, false);
        }
        if ((flags & OpcodeMask) != 0)
        {
            return new DnsQuery(QueryStatus.NotImplemented, id, flags, false);
        }
        var formatError = new DnsQuery(QueryStatus.FormatError, id, flags, false);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (questions != 1)
        {
            return formatError;
        }

        var position = HeaderSize;
        var nameLength = 1;
        while (true)
        {
            if (position >= message.Length)
            {
                return formatError;
            }
            var length = message[position];
            if (length == 0)
            {
                position++;
                break;
            }
            // Compression pointers and the obsolete extended label types have no place in a question.
            if ((length & 0xC0) != 0 || position + 1 + length > message.Length)
            {
                return formatError;
            }
            nameLength += length + 1;
            if (nameLength > 255)
            {
                return formatError;
            }
            position += length + 1;
        }
        if (position + 4 > message.Length)
        {
            return formatError;
        }
        position += 4;

        var hasOpt = false;
        var plain = answers + authorities == 0;
        for (var i = 0; i < answers + authorities + additionals; i++)
        {
            var ownerStart = position;
            if (!SkipName(message, ref position) || position + 10 > message.Length)
            {
                return formatError;
            }
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
            if (position + 10 + rdLength > message.Length)
            {
                return formatError;
            }
            if (type == OptType)
            {
                var inAdditional = i >= answers + authorities;
                if (hasOpt || !inAdditional || position - ownerStart != 1)
                {
                    return formatError;
                }
                hasOpt = true;
            }
            plain &= type == OptType && rdLength == 0;
            position += 10 + rdLength;
        }
        return new DnsQuery(QueryStatus.Ok, id, flags, plain);
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
