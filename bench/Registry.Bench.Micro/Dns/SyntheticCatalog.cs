using System.Globalization;
using Registry.Catalog.Model;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// A fixed in-memory catalog for DNS measurements: <c>svc-0000</c> ... services, each with instances on
/// distinct addresses (<c>10.a.b.c</c>), ports 8080 up, tagged <c>primary</c> (the first) or <c>replica</c>.
/// </summary>
internal sealed class SyntheticCatalog : IServiceCatalog
{
    private readonly Dictionary<string, ServiceInstance[]> _services = new(StringComparer.Ordinal);

    public SyntheticCatalog(int services, int instancesPerService)
    {
        for (var s = 0; s < services; s++)
        {
            var name = ServiceName(s);
            var instances = new ServiceInstance[instancesPerService];
            for (var i = 0; i < instancesPerService; i++)
            {
                var host = (s * instancesPerService) + i + 1;
                var address = string.Create(CultureInfo.InvariantCulture, $"10.{host >> 16 & 0xFF}.{host >> 8 & 0xFF}.{host & 0xFF}");
                instances[i] = new ServiceInstance(name, $"{name}-{i}", $"node-{host % 16}", address, 8080 + i,
                    [i == 0 ? "primary" : "replica"], new Dictionary<string, string>(), ServiceWeights.Default,
                    HealthStatus.Passing, $"/services/{name}/instance-{i:D10}", 1, 1, 1);
            }
            _services[name] = instances;
        }
        ServiceNames = [.. _services.Keys.Order(StringComparer.Ordinal)];
    }

    public long Index => 1;

    public IReadOnlyList<string> ServiceNames { get; }

    public static string ServiceName(int index) => string.Create(CultureInfo.InvariantCulture, $"svc-{index:D4}");

    public IReadOnlyList<ServiceInstance> Instances(string service) => _services.TryGetValue(service, out var instances) ? instances : [];

    public long ServiceIndex(string service) => _services.ContainsKey(service) ? 1 : 0;

    public IReadOnlyList<ServiceInstance> InstancesOnNode(string node) =>
        [.. _services.Values.SelectMany(i => i).Where(i => i.Node == node)];
}
