using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace Registry.Api.Tests;

public sealed class SessionEndpointTests
{
    [Fact]
    public async Task Closing_a_session_deletes_its_ephemerals()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            var session = await registry.OpenSessionAsync();
            (await registry.CreateAsync("/services")).Dispose();
            using var created = await registry.CreateAsync("/services/instance-", "{}", "mode=ephemeral_sequential", session);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var path = (await TestRegistry.ReadJsonAsync(created)).GetProperty("path").GetString()!;
            Assert.Equal(session, (await TestRegistry.ReadJsonAsync(created)).GetProperty("stat").GetProperty("ephemeralOwner").GetString());

            using var info = await registry.Client.GetAsync($"/v1/sessions/{session}");
            Assert.Equal([path], (await TestRegistry.ReadJsonAsync(info)).GetProperty("ephemerals").EnumerateArray().Select(e => e.GetString()));

            using var closed = await registry.Client.DeleteAsync($"/v1/sessions/{session}");
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
            Assert.False(registry.Server.Tree.Exists(path));
            await ProblemAssert.IsAsync(await registry.Client.GetAsync($"/v1/sessions/{session}"), HttpStatusCode.NotFound, "SessionExpired");
            await ProblemAssert.IsAsync(await registry.Client.DeleteAsync($"/v1/sessions/{session}"), HttpStatusCode.NotFound, "SessionExpired");
            await ProblemAssert.IsAsync(await registry.CreateAsync("/services/late", "", "mode=ephemeral", session), HttpStatusCode.Gone, "SessionExpired");
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task Bad_session_input_gets_precise_errors()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            await ProblemAssert.IsAsync(await registry.CreateAsync("/e", "", "mode=ephemeral"), HttpStatusCode.BadRequest, "BadArguments");
            await ProblemAssert.IsAsync(await registry.CreateAsync("/e", "", "mode=ephemeral", "not-hex"), HttpStatusCode.BadRequest, "BadArguments");
            await ProblemAssert.IsAsync(await registry.CreateAsync("/e", "", "mode=ephemeral", "123abc"), HttpStatusCode.Gone, "SessionExpired");
            await ProblemAssert.IsAsync(await registry.Client.PutAsync("/v1/sessions/123abc/keepalive", null), HttpStatusCode.NotFound, "SessionExpired");
            using var badJson = new StringContent("{\"timeoutMs\": ", System.Text.Encoding.UTF8, "application/json");
            await ProblemAssert.IsAsync(await registry.Client.PostAsync("/v1/sessions", badJson), HttpStatusCode.BadRequest, "BadJson");
            await ProblemAssert.IsAsync(await registry.Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs = -5 }), HttpStatusCode.BadRequest, "BadArguments");
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task Timeouts_are_negotiated_between_two_and_twenty_ticks()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            using var low = await registry.Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs = 1 });
            Assert.Equal(4000, (await TestRegistry.ReadJsonAsync(low)).GetProperty("timeoutMs").GetInt32());
            using var high = await registry.Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs = 10_000_000 });
            Assert.Equal(40_000, (await TestRegistry.ReadJsonAsync(high)).GetProperty("timeoutMs").GetInt32());
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task A_session_that_is_not_kept_alive_expires_and_its_ephemerals_vanish()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var registry = await TestRegistry.StartAsync(time: time);
        try
        {
            var kept = await registry.OpenSessionAsync(4000);
            var lapsed = await registry.OpenSessionAsync(4000);
            (await registry.CreateAsync("/kept", "", "mode=ephemeral", kept)).Dispose();
            using var created = await registry.CreateAsync("/lapsed", "", "mode=ephemeral", lapsed);
            var index = TestRegistry.IndexOf(created);
            var deletion = registry.Client.GetAsync($"/v1/events?path=/lapsed&index={index}&wait=10m");

            for (var i = 0; i < 8; i++)
            {
                (await registry.Client.PutAsync($"/v1/sessions/{kept}/keepalive", null)).Dispose();
                time.Advance(TimeSpan.FromSeconds(1));
            }

            using var events = await deletion;
            var first = (await TestRegistry.ReadJsonAsync(events)).GetProperty("events")[0];
            Assert.Equal("NodeDeleted", first.GetProperty("type").GetString());
            Assert.False(registry.Server.Tree.Exists("/lapsed"));
            Assert.True(registry.Server.Tree.Exists("/kept"));
            Assert.False(registry.Server.Sessions.IsAlive(Convert.ToInt64(lapsed, 16)));
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }
}
