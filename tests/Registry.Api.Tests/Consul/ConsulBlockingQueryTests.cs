using Microsoft.AspNetCore.Http;
using Registry.Api.Consul.Http;
using Registry.Catalog.Index;

namespace Registry.Api.Tests.Consul;

public sealed class ConsulBlockingQueryTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    private HttpClient Client => _registry.Client;

    public async Task InitializeAsync()
    {
        _registry = await TestRegistry.StartAsync(settings: ["--Registry:NodeName=node-1"]);
        await Client.PutAsync("/v1/agent/service/register", """{"Name":"orders","ID":"o1","Check":{"TTL":"30s"}}""");
        await Client.PutAsync("/v1/agent/service/register", """{"Name":"billing","ID":"b1"}""");
    }

    public Task DisposeAsync() => _registry.DestroyAsync();

    [Fact]
    public async Task A_blocked_query_returns_when_its_service_changes_and_not_when_another_does()
    {
        var first = await Client.GetAsync("/v1/health/service/orders");
        var index = first.ConsulIndex();
        Assert.True(index >= 1);

        var blocked = Client.GetAsync($"/v1/health/service/orders?index={index}&wait=30s");
        var other = await Client.PutAsync("/v1/agent/service/register", """{"Name":"billing","ID":"b2"}""");
        Assert.Equal(200, (int)other.StatusCode);
        // The other service's change has been applied (its write returned); a blocked query for orders must still be waiting.
        Assert.True((await Client.GetAsync("/v1/catalog/service/billing")).ConsulIndex() > index);
        Assert.False(blocked.IsCompleted);

        await Client.PutAsync("/v1/agent/check/pass/service:o1");
        var woken = await blocked.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(woken.ConsulIndex() > index);
        Assert.Equal("passing", (await woken.JsonAsync())[0].GetProperty("Checks")[1].GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_blocked_query_times_out_with_the_same_index_after_wait_plus_jitter()
    {
        var index = (await Client.GetAsync("/v1/catalog/service/orders")).ConsulIndex();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await Client.GetAsync($"/v1/catalog/service/orders?index={index}&wait=300ms");
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(10));
        Assert.Equal(index, response.ConsulIndex());
        Assert.Equal("true", response.Headers.GetValues("X-Consul-KnownLeader").Single());
        Assert.Equal("0", response.Headers.GetValues("X-Consul-LastContact").Single());
    }

    [Fact]
    public async Task An_index_already_passed_answers_at_once()
    {
        var index = (await Client.GetAsync("/v1/catalog/services")).ConsulIndex();
        var response = await Client.GetAsync($"/v1/catalog/services?index={index - 1}&wait=5m").WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(index, response.ConsulIndex());
    }

    [Fact]
    public async Task Ten_thousand_blocked_queries_on_one_service_share_one_wake_up()
    {
        var index = (await Client.GetAsync("/v1/health/service/orders")).ConsulIndex();
        var blocked = Enumerable.Range(0, 10_000).Select(_ => Client.GetAsync($"/v1/health/service/orders?index={index}&wait=60s")).ToList();
        await Client.PutAsync("/v1/agent/service/register", """{"Name":"billing","ID":"b3"}""");
        Assert.DoesNotContain(blocked, b => b.IsCompleted);

        await Client.PutAsync("/v1/agent/check/pass/service:o1");
        var responses = await Task.WhenAll(blocked).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(responses, r => Assert.True(r.ConsulIndex() > index));
    }

    [Fact]
    public async Task Consistency_modes_are_reported_and_conflicting_ones_refused()
    {
        Assert.Equal("consistent", (await Client.GetAsync("/v1/catalog/services?consistent")).Headers.GetValues("X-Consul-Effective-Consistency").Single());
        Assert.Equal("stale", (await Client.GetAsync("/v1/catalog/services?stale")).Headers.GetValues("X-Consul-Effective-Consistency").Single());
        await (await Client.GetAsync("/v1/catalog/services?stale&consistent")).AssertTextErrorAsync(400, "Cannot specify ?stale with ?consistent");
        await (await Client.GetAsync("/v1/catalog/services?index=abc")).AssertTextErrorAsync(400, "Invalid index");
        await (await Client.GetAsync("/v1/catalog/services?index=1&wait=soon")).AssertTextErrorAsync(400, "Invalid wait");
    }

    [Fact]
    public async Task A_kv_blocking_query_wakes_for_its_key_and_prefix_only()
    {
        await Client.PutAsync("/v1/kv/config/orders/db", "a");
        var index = (await Client.GetAsync("/v1/kv/config/orders/db")).ConsulIndex();
        var key = Client.GetAsync($"/v1/kv/config/orders/db?index={index}&wait=30s");
        var prefix = Client.GetAsync($"/v1/kv/config/orders/?recurse&index={index}&wait=30s");

        await Client.PutAsync("/v1/kv/config/billing/db", "b");
        Assert.False(key.IsCompleted);
        Assert.False(prefix.IsCompleted);

        await Client.PutAsync("/v1/kv/config/orders/url", "c");
        Assert.True((await prefix.WaitAsync(TimeSpan.FromSeconds(20))).ConsulIndex() > index);
        Assert.False(key.IsCompleted);

        await Client.DeleteAsync("/v1/kv/config/orders/db");
        var deleted = await key.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(404, (int)deleted.StatusCode);
        Assert.True(deleted.ConsulIndex() > index);
    }

    [Fact]
    public async Task Topics_of_finished_queries_are_forgotten_so_random_keys_cannot_pile_them_up()
    {
        var board = new SignalBoard();
        var queries = Enumerable.Range(0, 200).Select(async i =>
        {
            var http = new DefaultHttpContext();
            http.Request.QueryString = new QueryString("?index=5&wait=100ms");
            var (index, error) = await BlockingQuery.WaitAsync(http, _registry.Server, board, $"key:k{i}", () => 5);
            Assert.Null(error);
            Assert.Equal(5, index);
            Assert.Equal("5", http.Response.Headers["X-Consul-Index"].ToString());
        });
        await Task.WhenAll(queries);
        Assert.Equal(0, board.Count);
    }
}
