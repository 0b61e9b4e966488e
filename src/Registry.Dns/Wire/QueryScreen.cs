using System.Buffers.Binary;
using ARSoft.Tools.Net.Dns;

namespace Registry.Dns.Wire;

internal enum ScreenVerdict
{
    /// <summary>A query ARSoft.Tools.Net parses: hand it to the DNS server.</summary>
    Pass,

    /// <summary>No answer at all (see <see cref="QueryStatus.Drop"/>).</summary>
    Drop,

    /// <summary>Answer with the header-only error response given.</summary>
    Reply,
}

/// <summary>
/// Looks at every message before ARSoft.Tools.Net's server does. ARSoft drops a message it cannot parse without
/// a word (and would answer a response message with SERVFAIL); RFC 1035 wants FORMERR for a malformed query with
/// a readable header, NOTIMP for an unknown opcode, and silence for responses and fragments. The common shape
/// (a question and at most an empty OPT) is checked on the bytes alone; anything else is also parsed by ARSoft
/// here, so what passes is known to parse.
/// </summary>
internal static class QueryScreen
{
    private const ushort ResponseFlag = 0x8000;
    private const ushort KeptFlags = 0x7800 | 0x0100; // opcode and RD
    private const int FormErr = 1;
    private const int NotImp = 4;

    /// <summary>Judges <paramref name="message"/>; for <see cref="ScreenVerdict.Reply"/>, <paramref name="reply"/> is the response with its 2-byte length prefix.</summary>
    public static ScreenVerdict Check(ArraySegment<byte> message, out byte[] reply)
    {
        reply = [];
        var query = DnsQuery.Parse(message);
        switch (query.Status)
        {
            case QueryStatus.Drop:
                return ScreenVerdict.Drop;
            case QueryStatus.NotImplemented:
                reply = HeaderOnly(query, NotImp);
                return ScreenVerdict.Reply;
            case QueryStatus.FormatError:
                reply = HeaderOnly(query, FormErr);
                return ScreenVerdict.Reply;
        }
        if (!query.Plain && !ArsoftParses(message))
        {
            reply = HeaderOnly(query, FormErr);
            return ScreenVerdict.Reply;
        }
        return ScreenVerdict.Pass;
    }

    private static bool ArsoftParses(ArraySegment<byte> message)
    {
        try
        {
            DnsMessage.Parse(message);
            return true;
        }
#pragma warning disable CA1031 // Whatever ARSoft throws on hostile bytes, the message is malformed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static byte[] HeaderOnly(in DnsQuery query, int code)
    {
        var reply = new byte[2 + DnsQuery.HeaderSize];
        BinaryPrimitives.WriteUInt16BigEndian(reply, DnsQuery.HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(4), (ushort)(ResponseFlag | (query.Flags & KeptFlags) | code));
        return reply;
    }
}
