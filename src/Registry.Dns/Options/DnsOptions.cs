namespace Registry.Dns.Options;

/// <summary>
/// The DNS responder's settings, bound from the configuration section <c>Registry:Dns</c>. Defaults follow
/// Consul's <c>dns_config</c> so existing Consul DNS set-ups (stub zones, dnsmasq forwards) work unchanged.
/// </summary>
public sealed class DnsOptions
{
    public const string Section = "Registry:Dns";

    /// <summary>UDP and TCP port; 0 disables the responder.</summary>
    public int Port { get; set; } = 8600;

    /// <summary>Address to listen on; when unset, the server's <c>Registry:BindAddress</c>, else every address.</summary>
    public string? BindAddress { get; set; }

    /// <summary>The domain answered for.</summary>
    public string Domain { get; set; } = "consul.";

    /// <summary>Further domains answered exactly like <see cref="Domain"/>; answers use the domain the query used.</summary>
    public IList<string> AltDomains { get; } = [];

    /// <summary>The local datacenter: <c>web.service.dc1.consul</c> and <c>web.service.consul</c> are the same name.</summary>
    public string Datacenter { get; set; } = "dc1";

    /// <summary>Answer only passing instances; by default warning ones are answered too (critical ones never are).</summary>
    public bool OnlyPassing { get; set; }

    /// <summary>
    /// TTLs of service answers by service name: an exact name, a prefix pattern ending in <c>*</c> (<c>web-*</c>,
    /// longest wins), or <c>*</c> for every other service. Values are seconds or durations (<c>30s</c>, <c>5m</c>,
    /// <c>1h</c>). Unlisted services get 0, Consul's default: answers always reflect the catalog.
    /// </summary>
    public IDictionary<string, string> ServiceTtl { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>TTL of node and address lookups.</summary>
    public string NodeTtl { get; set; } = "0s";

    /// <summary>The SOA's TTL and negative-caching MINIMUM (RFC 2308), so NXDOMAIN and NODATA are cached this long.</summary>
    public string SoaMinTtl { get; set; } = "0s";

    /// <summary>Largest UDP response for EDNS0 clients, advertised in our OPT record (RFC 6891); 512 to 65,535.</summary>
    public int MaxUdpPayload { get; set; } = 4096;

    /// <summary>
    /// Resolvers (<c>ip</c> or <c>ip:port</c>, port 53 by default) that queries outside the domains are forwarded
    /// to, tried in order; empty (the default) answers such queries REFUSED. Only set it on a trusted network:
    /// it makes the responder a resolver for anyone who can reach it.
    /// </summary>
    public IList<string> Recursors { get; } = [];

    /// <summary>How long each recursor gets to answer before the next is tried; SERVFAIL after the last.</summary>
    public TimeSpan RecursorTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Open TCP connections served at once; further connections are closed on accept.</summary>
    public int MaxTcpConnections { get; set; } = 1024;

    /// <summary>A TCP connection idle this long between queries is closed (RFC 7766 section 6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
