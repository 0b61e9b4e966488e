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
/// What a question name designates: <see cref="Name"/> is the service, node or hex address label; <see cref="Tag"/>
/// the optional tag filter (empty = none), both views of the question's own labels. <see cref="DomainLabels"/> is how
/// many trailing labels of the question spell the domain (index <see cref="DomainIndex"/> in <see cref="DnsZone.Domains"/>).
/// </summary>
internal readonly record struct QueryTarget(
    TargetKind Kind,
    int DomainIndex = 0,
    int DomainLabels = 0,
    ReadOnlyMemory<char> Name = default,
    ReadOnlyMemory<char> Tag = default);
