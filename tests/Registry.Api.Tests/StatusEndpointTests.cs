using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Registry.Api.Tests;

/// <summary>/v1/status, and the orchestrator probes /v1/status/ready and /v1/status/live.</summary>
public sealed class StatusEndpointTests
{
    [Fact]
    public async Task Status_lists_the_checks_each_server_runs()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            var before = await TestRegistry.ReadJsonAsync(await registry.Client.GetAsync("/v1/status"));
            Assert.Equal(0, before.GetProperty("checkOwners").GetProperty("1").GetArrayLength());

            using var registered = await registry.Client.PutAsync("/v1/agent/service/register", new StringContent(
                """{"Name":"web","ID":"web-1","Port":80,"Checks":[{"CheckID":"web-ttl","TTL":"30s"},{"CheckID":"web-tcp","TCP":"127.0.0.1:1","Interval":"10s"}]}"""));
            registered.EnsureSuccessStatusCode();

            var after = await TestRegistry.ReadJsonAsync(await registry.Client.GetAsync("/v1/status"));
            var owned = after.GetProperty("checkOwners").GetProperty("1").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Equal(["web-tcp", "web-ttl"], owned);
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task Standalone_server_is_ready_once_recovered_and_reports_its_status()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            using var created = await registry.CreateAsync("/probe", "x");
            created.EnsureSuccessStatusCode();

            using var response = await registry.Client.GetAsync("/v1/status/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await TestRegistry.ReadJsonAsync(response);
            Assert.Equal("standalone", body.GetProperty("mode").GetString());
            Assert.Equal(registry.Server.Status().LastZxid, body.GetProperty("lastZxid").GetInt64());
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task Recovered_server_is_ready_with_the_recovered_tree()
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-api-").FullName;
        var first = await TestRegistry.StartAsync(dataDir);
        using (var created = await first.CreateAsync("/kept", "x"))
        {
            created.EnsureSuccessStatusCode();
        }

        var zxid = first.Server.Status().LastZxid;
        await first.DisposeAsync();

        var second = await TestRegistry.StartAsync(dataDir);
        try
        {
            using var response = await second.Client.GetAsync("/v1/status/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(zxid, (await TestRegistry.ReadJsonAsync(response)).GetProperty("lastZxid").GetInt64());
        }
        finally
        {
            await second.DestroyAsync();
        }
    }

    [Fact]
    public async Task Server_that_is_shutting_down_is_no_longer_ready()
    {
        var registry = await TestRegistry.StartAsync();
        HttpStatusCode? whileStopping = null;

        // Stopping callbacks run before the host stops listening, which is when load balancers must see the 503.
        var lifetime = registry.Services.GetRequiredService<IHostApplicationLifetime>();
        using var registration = lifetime.ApplicationStopping.Register(() =>
        {
            using var response = registry.Client.GetAsync("/v1/status/ready").GetAwaiter().GetResult();
            whileStopping = response.StatusCode;
        });
        lifetime.StopApplication();
        await registry.DestroyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileStopping);
    }

    [Fact]
    public async Task Live_answers_200_in_plain_text()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            using var response = await registry.Client.GetAsync("/v1/status/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("live", (await response.Content.ReadAsStringAsync()).Trim());
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }
}
