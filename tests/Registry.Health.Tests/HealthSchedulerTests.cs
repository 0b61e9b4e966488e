using System.Net;
using System.Net.Sockets;
using System.Text;
using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Catalog.Registration;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Health.Tests;

public sealed class HealthSchedulerTests : IAsyncLifetime
{
    private HealthHost _host = null!;
    private TargetServer _target = null!;

    public async Task InitializeAsync()
    {
        _host = await HealthHost.StartAsync();
        _target = await TargetServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _target.DisposeAsync();
    }

    private static InstanceDocument Instance(string id, CheckDocument check) => new()
    {
        Service = "orders",
        Id = id,
        Node = "node-1",
        Address = "127.0.0.1",
        Port = 8080,
        Checks = [check with { CheckId = "service:" + id, Name = "check" }],
    };

    private CheckDocument? CheckOf(string id) => _host.Catalog.FindById("node-1", id)?.Document.Checks[0];

    private Task StatusAsync(string id, HealthStatus status, string? output = null) =>
        _host.EventuallyAsync(
            () => CheckOf(id) is { } c && c.Status == status && (output is null || c.Output.Contains(output, StringComparison.Ordinal)),
            $"{id} to be {status} ({output})");

    [Fact]
    public async Task An_http_check_follows_its_target_and_writes_only_on_transitions()
    {
        await _host.Registrar.RegisterAsync(Instance("o1", new CheckDocument { Type = "http", Http = _target.HttpUrl, Interval = "100ms", Timeout = "2s" }), false);
        await StatusAsync("o1", HealthStatus.Passing, "200");

        var zxid = _host.Server.LastZxid;
        var seen = _target.Requests;
        while (_target.Requests < seen + 5)
        {
            await Task.Delay(50);
        }

        Assert.Equal(zxid, _host.Server.LastZxid);

        _target.Mode = TargetMode.TooManyRequests;
        await StatusAsync("o1", HealthStatus.Warning, "429");
        _target.Mode = TargetMode.Failing;
        await StatusAsync("o1", HealthStatus.Critical, "500");
        _target.Mode = TargetMode.Healthy;
        await StatusAsync("o1", HealthStatus.Passing);
        _target.Mode = TargetMode.Hanging;
        await StatusAsync("o1", HealthStatus.Critical, "timed out");
    }

    [Fact]
    public async Task A_grpc_check_follows_the_serving_status()
    {
        await _host.Registrar.RegisterAsync(Instance("g1", new CheckDocument { Type = "grpc", Grpc = $"127.0.0.1:{_target.GrpcPort}", Interval = "100ms", Timeout = "10s" }), false);
        await StatusAsync("g1", HealthStatus.Passing, "SERVING");
        _target.Mode = TargetMode.NotServing;
        await StatusAsync("g1", HealthStatus.Critical, "NOT_SERVING");
    }

    [Fact]
    public async Task A_ttl_check_passes_while_reported_and_turns_critical_when_the_ttl_runs_out()
    {
        await _host.Registrar.RegisterAsync(Instance("t1", new CheckDocument { Type = "ttl", Ttl = "400ms" }), false);
        Assert.Equal(HealthStatus.Critical, CheckOf("t1")!.Status);

        await _host.Scheduler.ReportTtlAsync("node-1", "service:t1", HealthStatus.Passing, "alive");
        Assert.Equal(("alive", HealthStatus.Passing), (CheckOf("t1")!.Output, CheckOf("t1")!.Status));

        await StatusAsync("t1", HealthStatus.Critical, "TTL expired");
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _host.Scheduler.ReportTtlAsync("node-1", "nope", HealthStatus.Passing, ""));
    }

    [Fact]
    public async Task Reporting_to_a_check_that_is_not_ttl_is_refused()
    {
        await _host.Registrar.RegisterAsync(Instance("h1", new CheckDocument { Type = "tcp", Tcp = $"127.0.0.1:{_target.HttpPort}", Interval = "1s" }), false);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.Scheduler.ReportTtlAsync("node-1", "service:h1", HealthStatus.Passing, ""));
    }

    [Fact]
    public async Task A_check_critical_past_its_limit_expires_the_registry_session_and_the_instance_vanishes()
    {
        var znode = await _host.Registrar.RegisterAsync(
            Instance("d1", new CheckDocument { Type = "tcp", Tcp = $"127.0.0.1:{ClosedPort()}", Interval = "100ms", Timeout = "200ms", DeregisterCriticalServiceAfter = "300ms" }), false);
        var session = _host.Catalog.FindById("node-1", "d1")!.Instance.SessionId;

        await _host.EventuallyAsync(() => _host.Catalog.FindById("node-1", "d1") is null, "the instance to be deregistered");

        Assert.False(_host.Server.Tree.Exists(znode));
        Assert.False(_host.Server.Tree.Sessions.ContainsKey(session));
    }

    [Fact]
    public async Task An_instance_under_its_own_session_takes_every_ephemeral_of_that_session_with_it()
    {
        var (session, _) = await _host.Server.Sessions.CreateAsync(5_000);
        var context = new RequestContext(session, [Id.Super]);
        await TreeWrites.EnsureParentsAsync(_host.Server, "/services/orders/x");
        var doc = Encoding.UTF8.GetString(DocumentJson.Serialize(Instance("u1", new CheckDocument { Type = "http", Http = $"http://127.0.0.1:{ClosedPort()}/", Interval = "100ms", DeregisterCriticalServiceAfter = "300ms" })));
        var znode = (await _host.Server.WriteAsync(context, new CreateOp("/services/orders/instance-", Encoding.UTF8.GetBytes(doc), AclEntry.OpenUnsafe, CreateMode.EphemeralSequential))).EnsureSuccess().Result.Path!;
        (await _host.Server.WriteAsync(context, new CreateOp("/app-lock", [], AclEntry.OpenUnsafe, CreateMode.Ephemeral))).EnsureSuccess();
        var keepAlive = KeepTouchingAsync(session);

        await _host.EventuallyAsync(() => !_host.Server.Tree.Exists(znode), "the instance's session to expire");

        Assert.False(_host.Server.Tree.Exists("/app-lock"));
        Assert.Empty(_host.Catalog.Instances("orders"));
        await keepAlive;
    }

    [Fact]
    public async Task A_definition_that_cannot_run_is_critical_with_the_reason_and_harms_nothing_else()
    {
        var (session, _) = await _host.Server.Sessions.CreateAsync(5_000);
        await TreeWrites.EnsureParentsAsync(_host.Server, "/services/orders/x");
        var bad = """{"ID":"b1","Checks":[{"CheckID":"service:b1","Status":"passing","HTTP":"http://127.0.0.1:1/","Interval":"10x"}]}""";
        (await _host.Server.WriteAsync(new RequestContext(session, [Id.Super]), new CreateOp("/services/orders/instance-", Encoding.UTF8.GetBytes(bad), AclEntry.OpenUnsafe, CreateMode.EphemeralSequential))).EnsureSuccess();
        var keepAlive = KeepTouchingAsync(session);
        await _host.Registrar.RegisterAsync(Instance("ok1", new CheckDocument { Type = "http", Http = _target.HttpUrl, Interval = "100ms" }), false);

        await StatusAsync("b1", HealthStatus.Critical, "not a duration");
        await StatusAsync("ok1", HealthStatus.Passing);
        await _host.Server.Sessions.CloseAsync(session);
        await keepAlive;
    }

    /// <summary>The test plays the client that owns the session: it keeps it alive until the session is gone.</summary>
    private async Task KeepTouchingAsync(long session)
    {
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTimeOffset.UtcNow < until && _host.Server.Sessions.Touch(session))
        {
            await Task.Delay(100);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
