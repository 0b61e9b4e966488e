using System.Text.Json;

namespace Registry.Api.Tests.Consul;

public sealed class ConsulAgentTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    private HttpClient Client => _registry.Client;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync(settings: ["--Registry:NodeName=node-1"]);

    public Task DisposeAsync() => _registry.DestroyAsync();

    private const string Orders = """
        {"ID":"orders-1","Name":"orders","Tags":["v2","http"],"Address":"10.0.0.7","Port":8080,
         "Meta":{"version":"2.3.1"},"Weights":{"Passing":10,"Warning":1},"Check":{"TTL":"15s","DeregisterCriticalServiceAfter":"5m"}}
        """;

    [Fact]
    public async Task A_registered_service_shows_in_the_agent_catalog_and_health_views_with_consul_shapes()
    {
        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/service/register", Orders)).StatusCode);

        var services = await (await Client.GetAsync("/v1/agent/services")).JsonAsync();
        var service = services.GetProperty("orders-1");
        Assert.Equal("orders", service.GetProperty("Service").GetString());
        Assert.Equal(8080, service.GetProperty("Port").GetInt32());
        Assert.Equal(10, service.GetProperty("Weights").GetProperty("Passing").GetInt32());
        Assert.Equal("2.3.1", service.GetProperty("Meta").GetProperty("version").GetString());

        var check = (await (await Client.GetAsync("/v1/agent/checks")).JsonAsync()).GetProperty("service:orders-1");
        Assert.Equal(("critical", "ttl", "Service 'orders' check", "orders-1"),
            (check.GetProperty("Status").GetString(), check.GetProperty("Type").GetString(), check.GetProperty("Name").GetString(), check.GetProperty("ServiceID").GetString()));

        var catalog = await (await Client.GetAsync("/v1/catalog/services")).JsonAsync();
        Assert.Equal(["http", "v2"], catalog.GetProperty("orders").EnumerateArray().Select(t => t.GetString()));

        var entry = Assert.Single((await (await Client.GetAsync("/v1/catalog/service/orders")).JsonAsync()).EnumerateArray());
        Assert.Equal(("node-1", "orders-1", "10.0.0.7", 8080), (entry.GetProperty("Node").GetString(), entry.GetProperty("ServiceID").GetString(), entry.GetProperty("ServiceAddress").GetString(), entry.GetProperty("ServicePort").GetInt32()));

        var health = Assert.Single((await (await Client.GetAsync("/v1/health/service/orders")).JsonAsync()).EnumerateArray());
        Assert.Equal(["serfHealth", "service:orders-1"], health.GetProperty("Checks").EnumerateArray().Select(c => c.GetProperty("CheckID").GetString()));
        Assert.Equal("orders", health.GetProperty("Service").GetProperty("Service").GetString());
        Assert.Empty((await (await Client.GetAsync("/v1/health/service/orders?passing")).JsonAsync()).EnumerateArray());

        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/check/pass/service:orders-1?note=fine")).StatusCode);
        var passing = Assert.Single((await (await Client.GetAsync("/v1/health/service/orders?passing=true")).JsonAsync()).EnumerateArray());
        Assert.Equal("fine", passing.GetProperty("Checks")[1].GetProperty("Output").GetString());
        Assert.Single((await (await Client.GetAsync("/v1/health/checks/orders")).JsonAsync()).EnumerateArray());
        Assert.Equal(2, (await (await Client.GetAsync("/v1/health/state/passing")).JsonAsync()).GetArrayLength());
        Assert.Empty((await (await Client.GetAsync("/v1/catalog/service/orders?tag=v3")).JsonAsync()).EnumerateArray());
        Assert.Single((await (await Client.GetAsync("/v1/catalog/service/orders?tag=v2&tag=http")).JsonAsync()).EnumerateArray());
        Assert.Equal("node-1", Assert.Single((await (await Client.GetAsync("/v1/catalog/nodes")).JsonAsync()).EnumerateArray()).GetProperty("Node").GetString());
    }

    [Fact]
    public async Task Deregistering_removes_the_instance_and_an_unknown_id_is_404()
    {
        await Client.PutAsync("/v1/agent/service/register", Orders);
        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/service/deregister/orders-1")).StatusCode);

        Assert.Empty((await (await Client.GetAsync("/v1/catalog/service/orders")).JsonAsync()).EnumerateArray());
        Assert.Equal(JsonValueKind.Object, (await (await Client.GetAsync("/v1/catalog/services")).JsonAsync()).ValueKind);
        await (await Client.PutAsync("/v1/agent/service/deregister/orders-1")).AssertTextErrorAsync(404, "Unknown service ID");
    }

    [Fact]
    public async Task Snake_case_keys_and_several_checks_get_consul_check_ids()
    {
        var body = """{"name":"web","id":"web-1","checks":[{"ttl":"10s"},{"tcp":"127.0.0.1:1","interval":"5s","deregister_critical_service_after":"2m"}]}""";
        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/service/register", body)).StatusCode);

        var checks = await (await Client.GetAsync("/v1/agent/checks")).JsonAsync();
        Assert.Equal(["service:web-1:1", "service:web-1:2"], checks.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("tcp", checks.GetProperty("service:web-1:2").GetProperty("Type").GetString());
    }

    [Theory]
    [InlineData("{not json", "Request decode failed")]
    [InlineData("""{"ID":"x"}""", "Missing service name")]
    [InlineData("""{"Name":"a/b"}""", "Invalid service name")]
    [InlineData("""{"Name":"x","Address":"0.0.0.0"}""", "Invalid service address")]
    [InlineData("""{"Name":"x","Port":"80"}""", "Request decode failed")]
    [InlineData("""{"Name":"x","Check":{"TTL":"10x"}}""", "is not a duration")]
    [InlineData("""{"Name":"x","Check":{"HTTP":"http://127.0.0.1:1/","Interval":"100000h"}}""", "Interval must be between")]
    [InlineData("""{"Name":"x","Check":{"HTTP":"http://127.0.0.1:1/"}}""", "Interval is required")]
    [InlineData("""{"Name":"x","Check":{}}""", "Invalid check")]
    [InlineData("""{"Name":"x","Check":{"Args":["/bin/true"],"Interval":"10s"}}""", "not supported")]
    [InlineData("""{"Name":"x","Check":{"TTL":"10s","Status":"great"}}""", "Status for checks must")]
    [InlineData("""{"Name":"x","Meta":{"consul-x":"1"}}""", "Invalid meta key")]
    public async Task Bad_registrations_get_a_plain_text_400_and_register_nothing(string body, string reason)
    {
        await (await Client.PutAsync("/v1/agent/service/register", body)).AssertTextErrorAsync(400, reason);
        Assert.Empty((await (await Client.GetAsync("/v1/agent/services")).JsonAsync()).EnumerateObject());
    }

    [Fact]
    public async Task Ttl_updates_follow_consul_rules()
    {
        await Client.PutAsync("/v1/agent/service/register", Orders);
        await Client.PutAsync("/v1/agent/service/register", """{"Name":"tcp","Check":{"TCP":"127.0.0.1:1","Interval":"10s"}}""");

        await (await Client.PutAsync("/v1/agent/check/pass/nope")).AssertTextErrorAsync(404, "Unknown check ID \"nope\"");
        await (await Client.PutAsync("/v1/agent/check/pass/service:tcp")).AssertTextErrorAsync(500, "does not have associated TTL");
        await (await Client.PutAsync("/v1/agent/check/update/service:orders-1", """{"Status":"great"}""")).AssertTextErrorAsync(400, "Invalid check status: 'great'");

        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/check/update/service:orders-1", """{"Status":"warning","Output":"slow"}""")).StatusCode);
        var check = (await (await Client.GetAsync("/v1/agent/checks")).JsonAsync()).GetProperty("service:orders-1");
        Assert.Equal(("warning", "slow"), (check.GetProperty("Status").GetString(), check.GetProperty("Output").GetString()));
        Assert.Equal(200, (int)(await Client.PutAsync("/v1/agent/check/fail/service:orders-1")).StatusCode);
        Assert.Equal("critical", (await (await Client.GetAsync("/v1/agent/checks")).JsonAsync()).GetProperty("service:orders-1").GetProperty("Status").GetString());
    }

    [Theory]
    [InlineData("ServiceTags contains \"v2\"", new[] { "orders-1", "orders-2" })]
    [InlineData("\"blue\" in Service.Tags and ServiceMeta.zone == \"a\"", new[] { "orders-2" })]
    [InlineData("ServiceID != \"orders-1\" or ServicePort == 8080", new[] { "orders-1", "orders-2", "orders-3" })]
    [InlineData("not (ServiceTags contains \"v2\") and ServiceMeta.zone is empty", new[] { "orders-3" })]
    [InlineData("\"blue\" not in ServiceTags", new[] { "orders-1", "orders-3" })]
    public async Task Filter_expressions_select_instances(string filter, string[] ids)
    {
        await Client.PutAsync("/v1/agent/service/register", Orders);
        await Client.PutAsync("/v1/agent/service/register", """{"ID":"orders-2","Name":"orders","Tags":["v2","blue"],"Port":8081,"Meta":{"zone":"a"}}""");
        await Client.PutAsync("/v1/agent/service/register", """{"ID":"orders-3","Name":"orders","Port":8082}""");

        var query = Uri.EscapeDataString(filter);
        var catalog = await (await Client.GetAsync($"/v1/catalog/service/orders?filter={query}")).JsonAsync();
        Assert.Equal(ids, catalog.EnumerateArray().Select(e => e.GetProperty("ServiceID").GetString()).Order());
        var health = await (await Client.GetAsync($"/v1/health/service/orders?filter={query}")).JsonAsync();
        Assert.Equal(ids, health.EnumerateArray().Select(e => e.GetProperty("Service").GetProperty("ID").GetString()).Order());
        var agent = await (await Client.GetAsync($"/v1/agent/services?filter={query}")).JsonAsync();
        Assert.Equal(ids, agent.EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("ServiceTags contains")]
    [InlineData("Bogus == \"x\"")]
    [InlineData("ServiceName === \"x\"")]
    [InlineData("(ServiceName == \"x\"")]
    [InlineData("ServiceName == \"x")]
    public async Task Malformed_filters_get_a_400(string filter) =>
        await (await Client.GetAsync($"/v1/catalog/service/orders?filter={Uri.EscapeDataString(filter)}")).AssertTextErrorAsync(400, "Failed to create boolean expression evaluator");

    [Fact]
    public async Task An_agent_service_read_blocks_on_its_content_hash_until_the_instance_changes()
    {
        await Client.PutAsync("/v1/agent/service/register", Orders);
        var first = await Client.GetAsync("/v1/agent/service/orders-1");
        var hash = first.Headers.GetValues("X-Consul-ContentHash").Single();
        Assert.Equal(hash, (await first.JsonAsync()).GetProperty("ContentHash").GetString());

        var blocked = Client.GetAsync($"/v1/agent/service/orders-1?hash={hash}&wait=30s");
        await Client.PutAsync("/v1/agent/service/register", """{"ID":"billing-1","Name":"billing"}""");
        Assert.False(blocked.IsCompleted);

        await Client.PutAsync("/v1/agent/service/register", Orders.Replace("8080", "9090", StringComparison.Ordinal));
        var changed = await (await blocked.WaitAsync(TimeSpan.FromSeconds(20))).JsonAsync();
        Assert.Equal(9090, changed.GetProperty("Port").GetInt32());
        Assert.NotEqual(hash, changed.GetProperty("ContentHash").GetString());
        await (await Client.GetAsync("/v1/agent/service/nope")).AssertTextErrorAsync(404, "unknown service ID");
    }

    [Fact]
    public async Task Health_state_must_be_a_known_state()
    {
        await (await Client.GetAsync("/v1/health/state/sleepy")).AssertTextErrorAsync(400, "Invalid check state");
        Assert.Single((await (await Client.GetAsync("/v1/health/state/any")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Status_leader_and_peers_name_this_server()
    {
        var leader = (await (await Client.GetAsync("/v1/status/leader")).JsonAsync()).GetString();
        Assert.False(string.IsNullOrEmpty(leader));
        Assert.Equal(leader, Assert.Single((await (await Client.GetAsync("/v1/status/peers")).JsonAsync()).EnumerateArray()).GetString());
    }
}
