using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Documents;
using Registry.Catalog.Layout;
using Registry.Catalog.Model;
using Registry.Catalog.Options;
using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Catalog.Index;

/// <summary>
/// The service index: built once from the recovered tree, then maintained from applied transactions
/// (on the pipeline thread, reading only the nodes a transaction changed). Readers on any thread see
/// immutable snapshots. Topics on <see cref="Signals"/>: "service:&lt;name&gt;" and <see cref="AnyServiceTopic"/>.
/// </summary>
public sealed class ServiceCatalog : IServiceCatalog, IApplyObserver
{
    public const string AnyServiceTopic = "services";
    public const string AnySessionTopic = "sessions";

    private readonly DataTree _tree;
    private readonly CatalogOptions _options;
    private readonly ILogger<ServiceCatalog> _logger;
    private readonly ConcurrentDictionary<string, ServiceState> _services = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableSortedDictionary<string, ServiceInstance>> _byNode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Node, string Id), CatalogEntry> _byId = new();
    private readonly ConcurrentDictionary<(string Node, string CheckId), string> _checkZnodes = new();
    private readonly ConcurrentDictionary<string, InvalidInstance> _invalid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, SessionDocument> _consulSessions = new();
    private volatile IReadOnlyList<string> _names = [];
    private long _index;
    private long _catalogIndex;
    private long _sessionsIndex;

    public ServiceCatalog(TreeDatabase database, CatalogOptions options, ILogger<ServiceCatalog> logger)
    {
        _tree = database.Tree;
        _options = options;
        _logger = logger;
        Build();
    }

    public SignalBoard Signals { get; } = new();

    public long Index => Volatile.Read(ref _index);

    /// <summary>The zxid of the last change to any service (what /v1/catalog/services blocks on).</summary>
    public long AnyServiceIndex => Volatile.Read(ref _catalogIndex);

    /// <summary>The zxid of the last change to a Consul session's settings node (creation or removal).</summary>
    public long SessionsIndex => Volatile.Read(ref _sessionsIndex);

    public IReadOnlyList<string> ServiceNames => _names;

    /// <summary>Instance znodes under /services whose data is not a valid instance document.</summary>
    public IReadOnlyCollection<InvalidInstance> Invalid => [.. _invalid.Values];

    /// <summary>Consul sessions (by session id) with the settings stored beside them.</summary>
    public IReadOnlyDictionary<long, SessionDocument> ConsulSessions => _consulSessions;

    public static string ServiceTopic(string service) => "service:" + service;

    public static string SessionTopic(long sessionId) => "session:" + sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<ServiceInstance> Instances(string service) =>
        _services.TryGetValue(service, out var state) ? state.Instances : [];

    public IReadOnlyList<CatalogEntry> Entries(string service) =>
        _services.TryGetValue(service, out var state) ? state.Entries : [];

    public long ServiceIndex(string service) => _services.TryGetValue(service, out var state) ? state.Index : 0;

    public IReadOnlyList<ServiceInstance> InstancesOnNode(string node) =>
        _byNode.TryGetValue(node, out var instances) ? [.. instances.Values] : [];

    /// <summary>Every indexed instance, service by service.</summary>
    public IEnumerable<CatalogEntry> AllEntries() => _services.Values.SelectMany(s => s.Entries);

    public CatalogEntry? FindById(string node, string id) => _byId.TryGetValue((node, id), out var entry) ? entry : null;

    /// <summary>The instance holding a check, found by the check's id among this node's instances.</summary>
    public (CatalogEntry Entry, CheckDocument Check)? FindCheck(string node, string checkId)
    {
        if (!_checkZnodes.TryGetValue((node, checkId), out var znode) || !CatalogPaths.TryParseInstance(znode, out var service)
            || !_services.TryGetValue(service, out var state) || !state.ByZnode.TryGetValue(znode, out var entry))
        {
            return null;
        }

        return entry.Document.Checks.FirstOrDefault(c => c.CheckId == checkId) is { } check ? (entry, check) : null;
    }

    public void OnApplied(ApplyResult result)
    {
        // An observer that throws would stop the pipeline: a bad document must never get that far.
        try
        {
            Apply(result);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Indexing transaction 0x{Zxid:x} failed; the catalog may be stale until the next change", result.Zxid);
        }
    }

    private void Apply(ApplyResult result)
    {
        HashSet<string>? touchedServices = null;
        for (var i = 0; i < result.Changes.Count; i++)
        {
            var change = result.Changes[i];
            if (change.Type == EventType.NodeChildrenChanged)
            {
                continue;
            }

            if (CatalogPaths.TryParseInstance(change.Path, out var service))
            {
                if (change.Type != EventType.NodeDeleted && _tree.TryGetData(change.Path, out var data, out var stat))
                {
                    Upsert(service, change.Path, data, stat, result.Zxid);
                }
                else
                {
                    Remove(service, change.Path, result.Zxid);
                }

                (touchedServices ??= []).Add(service);
            }
            else if (CatalogPaths.TryParseSession(change.Path, out var sessionId) && TrackSession(change.Path, sessionId))
            {
                Volatile.Write(ref _sessionsIndex, result.Zxid);
                Signals.Raise(SessionTopic(sessionId), result.Zxid);
                Signals.Raise(AnySessionTopic, result.Zxid);
            }
        }

        Volatile.Write(ref _index, result.Zxid);
        if (touchedServices is null)
        {
            return;
        }

        Volatile.Write(ref _catalogIndex, result.Zxid);
        RefreshNames();
        foreach (var service in touchedServices)
        {
            Signals.Raise(ServiceTopic(service), result.Zxid);
        }

        Signals.Raise(AnyServiceTopic, result.Zxid);
    }

    private void Build()
    {
        if (_tree.TryGetChildren(CatalogPaths.Services, out var services, out _))
        {
            foreach (var service in services)
            {
                var servicePath = CatalogPaths.Service(service);
                if (!_tree.TryGetChildren(servicePath, out var instances, out _))
                {
                    continue;
                }

                foreach (var instance in instances)
                {
                    var path = ZPath.Join(servicePath, instance);
                    if (_tree.TryGetData(path, out var data, out var stat))
                    {
                        Upsert(service, path, data, stat, Math.Max(stat.Mzxid, stat.Czxid));
                    }
                }
            }
        }

        if (_tree.TryGetChildren(CatalogPaths.Sessions, out var sessions, out _))
        {
            foreach (var child in sessions)
            {
                var path = ZPath.Join(CatalogPaths.Sessions, child);
                if (CatalogPaths.TryParseSession(path, out var sessionId))
                {
                    TrackSession(path, sessionId);
                }
            }
        }

        _index = _tree.LastZxid;
        _sessionsIndex = _tree.TryGetStat(CatalogPaths.Sessions, out var sessionsStat) ? sessionsStat.Pzxid : 0;
        _catalogIndex = _services.IsEmpty ? 0 : _services.Values.Max(s => s.Index);
        RefreshNames();
    }

    private void Upsert(string service, string path, byte[] data, Stat stat, long zxid)
    {
        var document = DocumentJson.TryParseInstance(data, out var error);
        if (document is null)
        {
            _invalid[path] = new InvalidInstance(path, error!, zxid);
            _logger.LogWarning("Instance znode {Path} is not a valid instance document: {Reason}", path, error);
            Remove(service, path, zxid, keepInvalid: true);
            return;
        }

        _invalid.TryRemove(path, out _);
        var node = document.Node is { Length: > 0 } n ? n : _options.NodeName;
        // Hand-written documents without an ID get their znode's name, unique within the service.
        var id = document.Id is { Length: > 0 } i ? i : path[(path.LastIndexOf('/') + 1)..];
        var weights = document.Weights is { } w ? new ServiceWeights(w.Passing, w.Warning) : ServiceWeights.Default;
        var health = document.Checks.Count == 0 ? HealthStatus.Passing : document.Checks.Max(c => c.Status);
        var instance = new ServiceInstance(
            service, id, node, document.Address, document.Port, document.Tags, document.Meta, weights, health,
            path, stat.EphemeralOwner, stat.Czxid, stat.Mzxid);
        var entry = new CatalogEntry(instance, document with { Service = service, Id = id, Node = node }, stat.Version);

        var state = _services.GetValueOrDefault(service) ?? ServiceState.Empty;
        if (state.ByZnode.TryGetValue(path, out var previous) && previous.Instance.Node != node)
        {
            RemoveFromNode(previous.Instance);
        }

        _services[service] = state.With(state.ByZnode.SetItem(path, entry), zxid);
        _byNode.AddOrUpdate(node, _ => ImmutableSortedDictionary.Create<string, ServiceInstance>(StringComparer.Ordinal).Add(path, instance), (_, map) => map.SetItem(path, instance));
        if (previous is not null && (previous.Instance.Node, previous.Instance.Id) != (node, id))
        {
            _byId.TryRemove(KeyValuePair.Create((previous.Instance.Node, previous.Instance.Id), previous));
        }

        _byId[(node, id)] = entry;
        if (previous is not null)
        {
            ForgetChecks(previous);
        }

        foreach (var check in entry.Document.Checks)
        {
            _checkZnodes[(node, check.CheckId)] = path;
        }
    }

    private void ForgetChecks(CatalogEntry entry)
    {
        foreach (var check in entry.Document.Checks)
        {
            _checkZnodes.TryRemove(KeyValuePair.Create((entry.Instance.Node, check.CheckId), entry.Instance.Znode));
        }
    }

    private void Remove(string service, string path, long zxid, bool keepInvalid = false)
    {
        if (!keepInvalid)
        {
            _invalid.TryRemove(path, out _);
        }

        var state = _services.GetValueOrDefault(service) ?? ServiceState.Empty;
        if (!state.ByZnode.TryGetValue(path, out var previous))
        {
            _services[service] = state.With(state.ByZnode, zxid);
            return;
        }

        _services[service] = state.With(state.ByZnode.Remove(path), zxid);
        RemoveFromNode(previous.Instance);
        ForgetChecks(previous);
        _byId.TryRemove(KeyValuePair.Create((previous.Instance.Node, previous.Instance.Id), previous));
    }

    private void RemoveFromNode(ServiceInstance instance)
    {
        if (_byNode.TryGetValue(instance.Node, out var map))
        {
            var rest = map.Remove(instance.Znode);
            if (rest.IsEmpty)
            {
                _byNode.TryRemove(instance.Node, out _);
            }
            else
            {
                _byNode[instance.Node] = rest;
            }
        }
    }

    /// <summary>Indexes a Consul session's settings; false when they did not change (a renew rewrites them as they are).</summary>
    private bool TrackSession(string path, long sessionId)
    {
        if (_tree.TryGetData(path, out var data, out _))
        {
            try
            {
                if (System.Text.Json.JsonSerializer.Deserialize(data, DocumentJson.Default.SessionDocument) is { } document)
                {
                    var known = _consulSessions.TryGetValue(sessionId, out var previous) && previous == document;
                    _consulSessions[sessionId] = document;
                    return !known;
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                _logger.LogWarning("Session settings at {Path} are not valid JSON: {Reason}", path, e.Message);
            }
        }

        return _consulSessions.TryRemove(sessionId, out _);
    }

    private void RefreshNames() =>
        _names = [.. _services.Where(s => !s.Value.ByZnode.IsEmpty).Select(s => s.Key).Order(StringComparer.Ordinal)];

    /// <summary>One service's instances keyed by znode (so the order is the sequence order) and its last change.</summary>
    private sealed record ServiceState(ImmutableSortedDictionary<string, CatalogEntry> ByZnode, long Index)
    {
        public static readonly ServiceState Empty = new(ImmutableSortedDictionary.Create<string, CatalogEntry>(StringComparer.Ordinal), 0);

        public IReadOnlyList<CatalogEntry> Entries { get; } = [.. ByZnode.Values];

        public IReadOnlyList<ServiceInstance> Instances { get; } = [.. ByZnode.Values.Select(e => e.Instance)];

        public ServiceState With(ImmutableSortedDictionary<string, CatalogEntry> byZnode, long index) => new(byZnode, Math.Max(Index, index));
    }
}
