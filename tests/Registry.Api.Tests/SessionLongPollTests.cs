using System.Net;
using System.Text.Json;

namespace Registry.Api.Tests;

public sealed class SessionLongPollTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    [Fact]
    public async Task A_poll_wakes_when_a_session_opens()
    {
        using var before = await _registry.Client.GetAsync("/v1/sessions");
        var index = TestRegistry.IndexOf(before);
        var poll = _registry.Client.GetAsync($"/v1/sessions?index={index}&wait=30s");
        var session = await _registry.OpenSessionAsync();
        using var response = await poll;
        Assert.Contains(session, Ids(await TestRegistry.ReadJsonAsync(response)));
        Assert.True(TestRegistry.IndexOf(response) > index);
    }

    [Fact]
    public async Task A_poll_wakes_when_a_session_gains_an_ephemeral_which_the_list_shows_and_when_it_closes()
    {
        var session = await _registry.OpenSessionAsync();
        using var listed = await _registry.Client.GetAsync("/v1/sessions");
        var poll = _registry.Client.GetAsync($"/v1/sessions?index={TestRegistry.IndexOf(listed)}&wait=30s");
        using var created = await _registry.CreateAsync("/lock", "", "mode=ephemeral", session);
        using var woken = await poll;
        Assert.True(TestRegistry.IndexOf(woken) >= TestRegistry.IndexOf(created));
        var listedSession = (await TestRegistry.ReadJsonAsync(woken)).EnumerateArray().Single(s => s.GetProperty("id").GetString() == session);
        Assert.Equal(["/lock"], listedSession.GetProperty("ephemerals").EnumerateArray().Select(e => e.GetString()));

        var closePoll = _registry.Client.GetAsync($"/v1/sessions?index={TestRegistry.IndexOf(woken)}&wait=30s");
        (await _registry.Client.DeleteAsync($"/v1/sessions/{session}")).Dispose();
        using var closed = await closePoll;
        Assert.DoesNotContain(session, Ids(await TestRegistry.ReadJsonAsync(closed)));
    }

    [Fact]
    public async Task A_poll_that_runs_out_answers_the_unchanged_list()
    {
        var session = await _registry.OpenSessionAsync();
        using var listed = await _registry.Client.GetAsync("/v1/sessions");
        var index = TestRegistry.IndexOf(listed);
        using var response = await _registry.Client.GetAsync($"/v1/sessions?index={index}&wait=150ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(index, TestRegistry.IndexOf(response));
        Assert.Equal([session], Ids(await TestRegistry.ReadJsonAsync(response)));
    }

    [Fact]
    public async Task A_bad_wait_is_a_bad_request()
    {
        await ProblemAssert.IsAsync(await _registry.Client.GetAsync("/v1/sessions?index=1&wait=soon"), HttpStatusCode.BadRequest, "BadArguments");
    }

    private static IEnumerable<string> Ids(JsonElement list) => list.EnumerateArray().Select(s => s.GetProperty("id").GetString()!);
}
