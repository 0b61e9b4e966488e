using Registry.Catalog.Model;

namespace Registry.Dns.Answers;

/// <summary>
/// Node names (case-insensitive) and the distinct IP addresses of the instances registered on each, at one
/// catalog index. Node lookups are rare, so the directory is rebuilt on the first node query after a change.
/// The catalog contract carries no separate node address: a node answers with its instances' addresses
/// (the catalog fills a node's address into instances registered without one).
/// </summary>
internal sealed class NodeDirectory
{
    private readonly Dictionary<string, PreparedAddress[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private NodeDirectory(long index, Dictionary<string, PreparedAddress[]> nodes)
    {
        Index = index;
        _lookup = nodes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static NodeDirectory Empty { get; } = new(-1, new Dictionary<string, PreparedAddress[]>(StringComparer.OrdinalIgnoreCase));

    public long Index { get; }

    public static NodeDirectory Capture(IServiceCatalog catalog)
    {
        var index = catalog.Index;
        var nodes = new Dictionary<string, PreparedAddress[]>(StringComparer.OrdinalIgnoreCase);
        var nodeNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in catalog.ServiceNames)
        {
            foreach (var instance in catalog.Instances(service))
            {
                nodeNames.Add(instance.Node);
            }
        }
        foreach (var node in nodeNames)
        {
            var addresses = new List<PreparedAddress>();
            foreach (var address in catalog.InstancesOnNode(node).Select(i => i.Address).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (PreparedAddress.TryCreate(address, out var prepared) && prepared.Kind != AddressKind.Host)
                {
                    addresses.Add(prepared);
                }
            }
            nodes[node] = [.. addresses];
        }
        return new NodeDirectory(index, nodes);
    }

    /// <summary>The node's addresses, or null when no such node has instances.</summary>
    public PreparedAddress[]? Find(ReadOnlySpan<char> node) => _lookup.TryGetValue(node, out var addresses) ? addresses : null;
}
