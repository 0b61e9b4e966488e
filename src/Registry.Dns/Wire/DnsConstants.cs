namespace Registry.Dns.Wire;

/// <summary>Resource record types this responder reads or writes (RFC 1035, 2782, 3596, 6891).</summary>
internal static class RecordType
{
    public const ushort A = 1;
    public const ushort Ns = 2;
    public const ushort Cname = 5;
    public const ushort Soa = 6;
    public const ushort Aaaa = 28;
    public const ushort Srv = 33;
    public const ushort Opt = 41;
    public const ushort Ixfr = 251;
    public const ushort Axfr = 252;
    public const ushort MailB = 253;
    public const ushort MailA = 254;
    public const ushort Any = 255;
}

internal static class RecordClass
{
    public const ushort In = 1;
    public const ushort Any = 255;
}

/// <summary>Response codes; values above 15 travel split between the header and the OPT record (RFC 6891).</summary>
internal enum ResponseCode
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}

/// <summary>Header bit layout (RFC 1035 section 4.1.1).</summary>
internal static class HeaderFlags
{
    public const ushort Response = 0x8000;
    public const ushort OpcodeMask = 0x7800;
    public const ushort Authoritative = 0x0400;
    public const ushort Truncated = 0x0200;
    public const ushort RecursionDesired = 0x0100;
    public const int HeaderSize = 12;

    /// <summary>The largest response a plain (non-EDNS) UDP query may receive.</summary>
    public const int ClassicUdpLimit = 512;
}
