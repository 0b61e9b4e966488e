using Registry.Catalog.Model;

namespace Registry.Dns.Tests.Support;

/// <summary>
/// An in-memory <see cref="IServiceCatalog"/> changed by the tests between queries. Every change bumps the
/// global index and the changed service's index, as the real index does for applied transactions.
/// </summary>
internal sealed class FakeCatalog : IServiceCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<ServiceInstance>> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _serviceIndexes = new(StringComparer.Ordinal);
    private long _index = 1;

    public long Index
    {
        get
        {
            lock (_lock)
            {
                return _index;
            }
        }
    }

    public IReadOnlyList<string> ServiceNames
    {
        get
        {
            lock (_lock)
            {
                return [.. _services.Where(s => s.Value.Count > 0).Select(s => s.Key).Order(StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<ServiceInstance> Instances(string service)
    {
        lock (_lock)
        {
            return _services.TryGetValue(service, out var list) ? [.. list] : [];
        }
    }

    public long ServiceIndex(string service)
    {
        lock (_lock)
        {
            return _serviceIndexes.GetValueOrDefault(service);
        }
    }

    public IReadOnlyList<ServiceInstance> InstancesOnNode(string node)
    {
        lock (_lock)
        {
            return [.. _services.Values.SelectMany(l => l).Where(i => i.Node == node)];
        }
    }

    /// <summary>Adds (or replaces, by id) an instance.</summary>
    public ServiceInstance Add(
        string service,
        string id,
        string address,
        int port,
        HealthStatus health = HealthStatus.Passing,
        string[]? tags = null,
        ServiceWeights? weights = null,
        string node = "node-1")
    {
        lock (_lock)
        {
            var index = ++_index;
            var instance = new ServiceInstance(service, id, node, address, port, tags ?? [], new Dictionary<string, string>(),
                weights ?? ServiceWeights.Default, health, $"/services/{service}/{id}", 1, index, index);
            var list = List(service);
            list.RemoveAll(i => i.Id == id);
            list.Add(instance);
            _serviceIndexes[service] = index;
            return instance;
        }
    }

    public void SetHealth(string service, string id, HealthStatus health)
    {
        lock (_lock)
        {
            var index = ++_index;
            var list = List(service);
            var position = list.FindIndex(i => i.Id == id);
            list[position] = list[position] with { Health = health, ModifyIndex = index };
            _serviceIndexes[service] = index;
        }
    }

    public void Remove(string service, string id)
    {
        lock (_lock)
        {
            var index = ++_index;
            List(service).RemoveAll(i => i.Id == id);
            _serviceIndexes[service] = index;
        }
    }

    private List<ServiceInstance> List(string service)
    {
        if (!_services.TryGetValue(service, out var list))
        {
            list = [];
            _services[service] = list;
        }
        return list;
    }
}
