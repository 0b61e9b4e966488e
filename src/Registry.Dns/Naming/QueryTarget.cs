namespace Registry.Dns.Naming;

internal enum TargetKind
{
    /// <summary>Not under any of our domains: REFUSED.</summary>
    OutOfZone,

    /// <summary>Under our domain but not a name we define: NXDOMAIN.</summary>
    Unknown,

    /// <summary>The domain itself, which owns the SOA.</summary>
    Apex,

    /// <summary><c>[tag.]service.service</c> or <c>_service._tag[.service]</c>.</summary>
    Service,

    /// <summary><c>node.node</c>.</summary>
    Node,

    /// <summary><c>hex-ip.addr</c>.</summary>
    Addr,
}

/// <summary>
/// What a question name designates. Labels are referenced as offsets into the query (no copies): the
/// <c>Name</c> label is the service, node or hex address; <c>Tag</c> is the optional tag filter (length 0 = none).
/// </summary>
internal struct QueryTarget
{
    public TargetKind Kind;

    /// <summary>Index into <see cref="DnsZone.Domains"/> of the domain the query used.</summary>
    public int DomainIndex;

    /// <summary>Offset in the query of the first label of that domain, for compression pointers to it.</summary>
    public int DomainOffset;

    public int NameOffset;
    public int NameLength;
    public int TagOffset;
    public int TagLength;
}
