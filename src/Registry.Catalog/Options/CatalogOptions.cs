using System.Net;

namespace Registry.Catalog.Options;

/// <summary>Catalog settings, bound from the "Registry" section (NodeName, Datacenter, NodeAddress, SessionTtlMin).</summary>
public sealed class CatalogOptions
{
    /// <summary>This server's node name in the catalog; instances registered here belong to it.</summary>
    public string NodeName { get; set; } = Dns.GetHostName();

    public string Datacenter { get; set; } = "dc1";

    /// <summary>The node address clients fall back to when an instance has none (default: BindAddress, or loopback when it is a wildcard).</summary>
    public string? NodeAddress { get; set; }

    public string? BindAddress { get; set; }

    /// <summary>The shortest TTL a Consul session may ask for (Consul's <c>session_ttl_min</c>).</summary>
    public TimeSpan SessionTtlMin { get; set; } = TimeSpan.FromSeconds(10);

    public string EffectiveNodeAddress =>
        NodeAddress is { Length: > 0 } address ? address
        : BindAddress is { Length: > 0 } bind && bind != "0.0.0.0" && bind != "::" ? bind
        : "127.0.0.1";
}
