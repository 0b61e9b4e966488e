using System.Net;
using System.Text;

namespace Registry.Api.Tests;

public sealed class LongPollTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    [Fact]
    public async Task A_poll_returns_the_change_made_after_its_index()
    {
        using var created = await _registry.CreateAsync("/cfg", "v1");
        var index = TestRegistry.IndexOf(created);
        var poll = _registry.Client.GetAsync($"/v1/znodes/cfg?index={index}&wait=30s");
        (await _registry.Client.PutAsync("/v1/znodes/cfg", new ByteArrayContent("v2"u8.ToArray()))).Dispose();
        using var response = await poll;
        var body = await TestRegistry.ReadJsonAsync(response);
        Assert.Equal("v2", Encoding.UTF8.GetString(body.GetProperty("data").GetBytesFromBase64()));
        Assert.True(TestRegistry.IndexOf(response) > index);
    }

    [Fact]
    public async Task A_poll_with_an_old_index_returns_at_once()
    {
        using var created = await _registry.CreateAsync("/old", "x");
        using var response = await _registry.Client.GetAsync($"/v1/znodes/old?index={TestRegistry.IndexOf(created) - 1}&wait=10m");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_poll_that_runs_out_answers_the_unchanged_state()
    {
        using var created = await _registry.CreateAsync("/quiet", "same");
        var index = TestRegistry.IndexOf(created);
        using var response = await _registry.Client.GetAsync($"/v1/znodes/quiet?index={index}&wait=150ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestRegistry.ReadJsonAsync(response);
        Assert.Equal("same", Encoding.UTF8.GetString(body.GetProperty("data").GetBytesFromBase64()));
        Assert.Equal(0, _registry.Server.Tree.Watches.Count().Watches);
    }

    [Fact]
    public async Task Deleting_a_watched_node_answers_404()
    {
        using var created = await _registry.CreateAsync("/doomed");
        var poll = _registry.Client.GetAsync($"/v1/znodes/doomed?index={TestRegistry.IndexOf(created)}&wait=30s");
        (await _registry.Client.DeleteAsync("/v1/znodes/doomed")).Dispose();
        await ProblemAssert.IsAsync(await poll, HttpStatusCode.NotFound, "NoNode");
    }

    [Fact]
    public async Task A_children_poll_wakes_on_a_new_child()
    {
        using var created = await _registry.CreateAsync("/svc");
        var poll = _registry.Client.GetAsync($"/v1/znodes/svc?children&index={TestRegistry.IndexOf(created)}&wait=30s");
        (await _registry.CreateAsync("/svc/instance-", query: "mode=persistent_sequential")).Dispose();
        using var response = await poll;
        var children = (await TestRegistry.ReadJsonAsync(response)).GetProperty("children").EnumerateArray().Select(c => c.GetString());
        Assert.Equal(["instance-0000000000"], children);
    }

    [Fact]
    public async Task Events_list_every_change_in_order_without_gaps()
    {
        using var root = await _registry.CreateAsync("/ev");
        var start = TestRegistry.IndexOf(root);
        (await _registry.CreateAsync("/ev/a", "1")).Dispose();
        (await _registry.Client.PutAsync("/v1/znodes/ev/a", new ByteArrayContent("2"u8.ToArray()))).Dispose();
        (await _registry.CreateAsync("/ev/a/deep")).Dispose();
        (await _registry.Client.DeleteAsync("/v1/znodes/ev/a/deep")).Dispose();

        using var direct = await _registry.Client.GetAsync($"/v1/events?path=/ev&index={start}&wait=1s");
        var directEvents = (await TestRegistry.ReadJsonAsync(direct)).GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("path").GetString())).ToList();
        Assert.Equal([("NodeCreated", "/ev/a"), ("NodeDataChanged", "/ev/a")], directEvents);

        using var recursive = await _registry.Client.GetAsync($"/v1/events?path=/ev&recursive=true&index={start}&wait=1s");
        var body = await TestRegistry.ReadJsonAsync(recursive);
        var zxids = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("zxid").GetInt64()).ToList();
        Assert.Equal(4, zxids.Count);
        Assert.Equal(zxids.Order(), zxids);
        Assert.False(body.GetProperty("reset").GetBoolean());
        Assert.Equal(zxids[^1], body.GetProperty("index").GetInt64());
    }

    [Fact]
    public async Task An_events_poll_wakes_on_a_change_below_the_path()
    {
        using var root = await _registry.CreateAsync("/watched");
        var poll = _registry.Client.GetAsync($"/v1/events?path=/watched&recursive=true&index={TestRegistry.IndexOf(root)}&wait=30s");
        (await _registry.CreateAsync("/watched/x")).Dispose();
        using var response = await poll;
        var events = (await TestRegistry.ReadJsonAsync(response)).GetProperty("events");
        Assert.Equal("/watched/x", events[0].GetProperty("path").GetString());
    }
}
