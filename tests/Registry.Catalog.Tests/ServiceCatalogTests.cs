using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Catalog.Tests;

public sealed class ServiceCatalogTests : IAsyncLifetime
{
    private CatalogHost _host = null!;

    public async Task InitializeAsync() => _host = await CatalogHost.StartAsync();

    public Task DisposeAsync() => _host.DestroyAsync();

    private static InstanceDocument Orders(string id, params CheckDocument[] checks) => new()
    {
        Service = "orders",
        Id = id,
        Node = "node-1",
        Address = "10.0.0.7",
        Port = 8080,
        Tags = ["v2", "http"],
        Meta = new Dictionary<string, string> { ["version"] = "2.3.1" },
        Weights = new WeightsDocument(10, 1),
        Checks = checks,
    };

    private static CheckDocument Ttl(string id, HealthStatus status) => new() { CheckId = id, Name = id, Type = "ttl", Ttl = "15s", Status = status };

    [Fact]
    public async Task A_registered_instance_is_an_ephemeral_sequential_znode_under_its_service_owned_by_a_registry_session()
    {
        var znode = await _host.Registrar.RegisterAsync(Orders("orders-1"), replaceExistingChecks: false);

        Assert.Matches(@"^/services/orders/instance-\d{10}$", znode);
        Assert.True(_host.Server.Tree.TryGetStat(znode, out var stat));
        var instance = Assert.Single(_host.Catalog.Instances("orders"));
        Assert.Equal(("orders-1", "node-1", "10.0.0.7", 8080), (instance.Id, instance.Node, instance.Address, instance.Port));
        Assert.Equal(["v2", "http"], instance.Tags);
        Assert.Equal("2.3.1", instance.Meta["version"]);
        Assert.Equal(new ServiceWeights(10, 1), instance.Weights);
        Assert.Equal(stat.EphemeralOwner, instance.SessionId);
        Assert.True(_host.Server.Sessions.IsAlive(instance.SessionId));
        Assert.Equal(znode, instance.Znode);
        Assert.Equal(["orders"], _host.Catalog.ServiceNames);
        Assert.Equal(stat.Mzxid, _host.Catalog.ServiceIndex("orders"));
        Assert.Same(instance, Assert.Single(_host.Catalog.InstancesOnNode("node-1")));
    }

    [Fact]
    public async Task Deregistering_closes_the_registry_session_and_the_instance_vanishes()
    {
        await _host.Registrar.RegisterAsync(Orders("orders-1"), false);
        var entry = _host.Catalog.FindById("node-1", "orders-1")!;

        await _host.Registrar.DeregisterAsync(entry);

        Assert.Empty(_host.Catalog.Instances("orders"));
        Assert.Empty(_host.Catalog.ServiceNames);
        Assert.False(_host.Server.Tree.Exists(entry.Instance.Znode));
        Assert.False(_host.Server.Tree.Sessions.ContainsKey(entry.Instance.SessionId));
        Assert.Null(_host.Catalog.FindById("node-1", "orders-1"));
    }

    [Fact]
    public async Task Re_registering_the_same_id_replaces_the_instance_in_place_and_keeps_check_states()
    {
        var znode = await _host.Registrar.RegisterAsync(Orders("orders-1", Ttl("a", HealthStatus.Critical), Ttl("b", HealthStatus.Critical)), false);
        Assert.True(await _host.Registrar.SetCheckStateAsync(znode, "a", HealthStatus.Passing, "ok"));

        var again = await _host.Registrar.RegisterAsync(Orders("orders-1", Ttl("a", HealthStatus.Critical)) with { Port = 9090 }, replaceExistingChecks: false);

        Assert.Equal(znode, again);
        var entry = Assert.Single(_host.Catalog.Entries("orders"));
        Assert.Equal(9090, entry.Instance.Port);
        Assert.Equal(["a", "b"], entry.Document.Checks.Select(c => c.CheckId));
        Assert.Equal(HealthStatus.Passing, entry.Document.Checks[0].Status);

        await _host.Registrar.RegisterAsync(Orders("orders-1", Ttl("a", HealthStatus.Critical)), replaceExistingChecks: true);
        Assert.Equal(["a"], Assert.Single(_host.Catalog.Entries("orders")).Document.Checks.Select(c => c.CheckId));
    }

    [Fact]
    public async Task Health_is_the_worst_check_and_a_state_write_happens_only_when_something_changed()
    {
        var znode = await _host.Registrar.RegisterAsync(Orders("orders-1", Ttl("a", HealthStatus.Passing), Ttl("b", HealthStatus.Passing)), false);
        Assert.Equal(HealthStatus.Passing, Assert.Single(_host.Catalog.Instances("orders")).Health);

        Assert.True(await _host.Registrar.SetCheckStateAsync(znode, "b", HealthStatus.Warning, "slow"));
        Assert.Equal(HealthStatus.Warning, Assert.Single(_host.Catalog.Instances("orders")).Health);
        Assert.True(await _host.Registrar.SetCheckStateAsync(znode, "a", HealthStatus.Critical, "down"));
        Assert.Equal(HealthStatus.Critical, Assert.Single(_host.Catalog.Instances("orders")).Health);

        var zxid = _host.Server.LastZxid;
        Assert.True(await _host.Registrar.SetCheckStateAsync(znode, "a", HealthStatus.Critical, "down"));
        Assert.Equal(zxid, _host.Server.LastZxid);
        Assert.False(await _host.Registrar.SetCheckStateAsync(znode, "nope", HealthStatus.Passing, ""));
    }

    [Fact]
    public async Task An_instance_created_through_the_tree_under_its_own_session_is_indexed_and_vanishes_with_the_session()
    {
        var (session, _) = await _host.Server.Sessions.CreateAsync(30_000);
        var znode = await _host.CreateAsync("/services/billing/instance-", """{"ID":"billing-1","Address":"10.0.0.9","Port":7000,"Tags":["blue"]}""", session);

        var instance = Assert.Single(_host.Catalog.Instances("billing"));
        Assert.Equal(("billing", "billing-1", "node-1", session, HealthStatus.Passing), (instance.Service, instance.Id, instance.Node, instance.SessionId, instance.Health));
        Assert.Equal(znode, instance.Znode);

        var closed = await _host.Server.Sessions.CloseAsync(session);
        Assert.Empty(_host.Catalog.Instances("billing"));
        Assert.Equal(closed.Zxid, _host.Catalog.ServiceIndex("billing"));
    }

    [Fact]
    public async Task Invalid_json_under_services_is_reported_not_indexed_and_indexed_once_fixed()
    {
        var (session, _) = await _host.Server.Sessions.CreateAsync(30_000);
        var znode = await _host.CreateAsync("/services/broken/instance-", "{not json", session);

        Assert.Empty(_host.Catalog.Instances("broken"));
        var invalid = Assert.Single(_host.Catalog.Invalid);
        Assert.Equal(znode, invalid.Znode);
        Assert.NotEmpty(invalid.Reason);

        (await _host.Server.WriteAsync(RequestContext.System, new SetDataOp(znode, """{"Port":1}"""u8.ToArray()))).EnsureSuccess();
        Assert.Empty(_host.Catalog.Invalid);
        Assert.Equal(1, Assert.Single(_host.Catalog.Instances("broken")).Port);
    }

    [Fact]
    public async Task Only_direct_children_of_a_service_are_instances()
    {
        await _host.CreateAsync("/other/instance-", """{"Port":1}""", 0, CreateMode.PersistentSequential);
        await _host.CreateAsync("/services/orders/group/deep", """{"Port":2}""", 0, CreateMode.Persistent);

        Assert.Empty(_host.Catalog.ServiceNames);
        Assert.Empty(_host.Catalog.Instances("orders"));
        Assert.Equal("/services/orders/group", Assert.Single(_host.Catalog.Invalid).Znode);
    }

    [Fact]
    public async Task A_change_raises_only_its_own_service_topic()
    {
        await _host.Registrar.RegisterAsync(Orders("orders-1"), false);
        var (ordersIndex, orders) = _host.Catalog.Signals.Observe(ServiceCatalog.ServiceTopic("orders"), _host.Catalog.ServiceIndex("orders"));
        var (_, any) = _host.Catalog.Signals.Observe(ServiceCatalog.AnyServiceTopic, _host.Catalog.AnyServiceIndex);

        await _host.Registrar.RegisterAsync(Orders("billing-1") with { Service = "billing" }, false);

        Assert.True(any.IsCompleted);
        Assert.False(orders.IsCompleted);
        Assert.Equal(ordersIndex, _host.Catalog.Signals.Observe(ServiceCatalog.ServiceTopic("orders"), 0).Index);

        await _host.Registrar.RegisterAsync(Orders("orders-2"), false);
        Assert.True(orders.IsCompleted);
        Assert.Equal(_host.Catalog.ServiceIndex("orders"), _host.Catalog.Signals.Observe(ServiceCatalog.ServiceTopic("orders"), 0).Index);
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_recovered_tree_and_registry_sessions_are_kept_alive_after_a_restart()
    {
        await _host.Registrar.RegisterAsync(Orders("orders-1", Ttl("a", HealthStatus.Passing)), false);
        var (session, _) = await _host.Server.Sessions.CreateAsync(30_000);
        await _host.CreateAsync("/services/bad/instance-", "[1,2", session);
        var before = Assert.Single(_host.Catalog.Instances("orders"));
        await _host.DisposeAsync();

        _host = await CatalogHost.StartAsync(_host.DataDir);

        var after = Assert.Single(_host.Catalog.Instances("orders"));
        Assert.Equal(before with { Tags = after.Tags, Meta = after.Meta }, after);
        Assert.Single(_host.Catalog.Invalid);
        Assert.Equal(["orders"], _host.Catalog.ServiceNames);

        // Sessions recovered from the log get a fresh timeout (2 s here); the keeper must carry the registry's past it.
        var deadline = _host.Server.Time.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (_host.Server.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(_host.Server.Sessions.IsAlive(after.SessionId));
        Assert.Single(_host.Catalog.Instances("orders"));
    }
}
