using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registry.Api.Watches;

namespace Registry.Api.Tests;

/// <summary>GET /v1/status?index=N&amp;wait=D on a standalone server listening on a loopback socket.</summary>
public sealed class StatusLongPollTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private TestRegistry _registry = null!;

    private StatusFeed Feed => _registry.Services.GetRequiredService<StatusFeed>();

    public async Task InitializeAsync() => _registry = await TestRegistry.ListenAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    [Fact]
    public async Task A_poll_with_the_returned_index_is_held_and_wakes_when_a_write_is_applied()
    {
        using var before = await _registry.Client.GetAsync("/v1/status");
        var index = TestRegistry.IndexOf(before);
        var poll = _registry.Client.GetAsync($"/v1/status?index={index}&wait=5m");
        await HeldAsync(true);

        using var created = await _registry.CreateAsync("/written", "x");
        created.EnsureSuccessStatusCode();
        var written = TestRegistry.IndexOf(created);

        // The first answer after the write has a newer generation; the write shows once the generation covering it came.
        using var woken = await poll.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, woken.StatusCode);
        var next = TestRegistry.IndexOf(woken);
        Assert.True(next > index, $"generation {next} after {index}");
        var lastZxid = (await TestRegistry.ReadJsonAsync(woken)).GetProperty("lastZxid").GetInt64();
        while (lastZxid < written)
        {
            using var again = await _registry.Client.GetAsync($"/v1/status?index={next}&wait=5m").WaitAsync(Deadline);
            next = TestRegistry.IndexOf(again);
            lastZxid = (await TestRegistry.ReadJsonAsync(again)).GetProperty("lastZxid").GetInt64();
        }

        Assert.Equal(written, lastZxid);
    }

    [Fact]
    public async Task A_poll_on_an_unchanged_status_answers_when_the_wait_runs_out_with_the_same_index()
    {
        using var before = await _registry.Client.GetAsync("/v1/status");
        var index = TestRegistry.IndexOf(before);
        var zxid = (await TestRegistry.ReadJsonAsync(before)).GetProperty("lastZxid").GetInt64();

        using var response = await _registry.Client.GetAsync($"/v1/status?index={index}&wait=200ms").WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(index, TestRegistry.IndexOf(response));
        Assert.Equal(zxid, (await TestRegistry.ReadJsonAsync(response)).GetProperty("lastZxid").GetInt64());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000L)]
    public async Task An_index_that_is_not_the_current_generation_answers_at_once(long stale)
    {
        // 0 is "no index yet"; a larger one was handed out before a restart. Neither may hold the caller for the whole wait.
        using var response = await _registry.Client.GetAsync($"/v1/status?index={stale}&wait=10m").WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Feed.Generation, TestRegistry.IndexOf(response));
    }

    [Fact]
    public async Task A_client_that_hangs_up_ends_its_wait()
    {
        using var before = await _registry.Client.GetAsync("/v1/status");
        using var hangUp = new CancellationTokenSource();
        var poll = _registry.Client.GetAsync($"/v1/status?index={TestRegistry.IndexOf(before)}&wait=10m", hangUp.Token);
        await HeldAsync(true);

        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        await HeldAsync(false);
    }

    [Theory]
    [InlineData("index=1&wait=soon", "BadArguments")]
    [InlineData("index=1&wait=5parsecs", "BadArguments")]
    [InlineData("wait=-3s", "BadArguments")]
    [InlineData("index=-1&wait=1s", "BadArguments")]
    [InlineData("index=next&wait=1s", "BadRequest")]
    public async Task Bad_index_or_wait_values_are_rejected_as_problems(string query, string code)
    {
        using var response = await _registry.Client.GetAsync($"/v1/status?{query}").WaitAsync(Deadline);
        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, code);
    }

    /// <summary>Polls the feed (no event says a request reached it) until a request waits on the status, or none does.</summary>
    private async Task HeldAsync(bool held)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (Feed.Signals.Count > 0 != held)
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
