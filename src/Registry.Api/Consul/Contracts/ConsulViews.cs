using System.Security.Cryptography;
using System.Text;
using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Catalog.Options;

namespace Registry.Api.Consul.Contracts;

/// <summary>Builds Consul's response shapes from the catalog index.</summary>
public sealed class ConsulViews(CatalogOptions options)
{
    private static readonly IReadOnlyDictionary<string, string> NoMap = new Dictionary<string, string>();

    public string LocalNode => options.NodeName;

    public string Datacenter => options.Datacenter;

    public static string StatusText(HealthStatus status) => status switch
    {
        HealthStatus.Passing => "passing",
        HealthStatus.Warning => "warning",
        _ => "critical",
    };

    public AgentServiceDto AgentService(CatalogEntry entry, bool withHash = false)
    {
        var i = entry.Instance;
        var dto = new AgentServiceDto(
            i.Id, i.Service, i.Tags, i.Meta, i.Port, i.Address, NoMap, Weights(i.Weights), entry.Document.EnableTagOverride,
            options.Datacenter, i.CreateIndex, i.ModifyIndex);
        return withHash ? dto with { ContentHash = Hash($"{i.Znode}:{i.ModifyIndex}") } : dto;
    }

    public CatalogServiceDto CatalogService(CatalogEntry entry)
    {
        var i = entry.Instance;
        var node = Node(i.Node, i.Address);
        return new CatalogServiceDto(
            node.Id, node.Node, node.Address, options.Datacenter, node.TaggedAddresses, NoMap, "", i.Id, i.Service, i.Tags, i.Address,
            Weights(i.Weights), i.Meta, i.Port, entry.Document.EnableTagOverride, i.CreateIndex, i.ModifyIndex);
    }

    public ServiceEntryDto ServiceEntry(CatalogEntry entry) =>
        new(Node(entry.Instance.Node, entry.Instance.Address), AgentService(entry), [SerfHealth(entry.Instance.Node), .. Checks(entry)]);

    public static IEnumerable<HealthCheckDto> Checks(CatalogEntry entry) =>
        entry.Document.Checks.Select(c => Check(entry, c));

    public static HealthCheckDto Check(CatalogEntry entry, CheckDocument check)
    {
        var i = entry.Instance;
        return new HealthCheckDto(
            i.Node, check.CheckId, check.Name, StatusText(check.Status), check.Notes, check.Output, i.Id, i.Service, i.Tags, check.Type,
            check.Interval ?? "", check.Timeout ?? "", i.CreateIndex, i.ModifyIndex);
    }

    /// <summary>Consul's always-passing node check; here a node is alive while its server serves.</summary>
    public static HealthCheckDto SerfHealth(string node) =>
        new(node, "serfHealth", "Serf Health Status", "passing", "", "Agent alive and reachable", "", "", [], "", "", "", 1, 1);

    /// <summary>A node: this server's node has the configured address; others the address of their instance.</summary>
    public NodeDto Node(string name, string fallbackAddress)
    {
        var address = name == options.NodeName || string.IsNullOrEmpty(fallbackAddress) ? options.EffectiveNodeAddress : fallbackAddress;
        return new NodeDto(NodeId(name), name, address, options.Datacenter, new Dictionary<string, string> { ["lan"] = address, ["wan"] = address }, NoMap, 1, 1);
    }

    private static WeightsDto Weights(ServiceWeights weights) => new(weights.Passing, weights.Warning);

    /// <summary>A stable UUID per node name (Consul nodes have IDs; ours are derived from the name).</summary>
    private static string NodeId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
