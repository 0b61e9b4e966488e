using System.Globalization;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Integration.Tests.Ensemble;

/// <summary>GET /v1/status?index=N&amp;wait=D on an ensemble member: held while nothing changes, woken by a peer's death.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class StatusLongPollTests
{
    [Fact]
    public async Task A_held_status_poll_on_a_survivor_wakes_when_a_peer_is_killed_and_shows_it_disconnected()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var victim = ensemble.Ids.First(id => id != leader);
        var survivor = ensemble[leader];
        await EnsembleCluster.EventuallyAsync(survivor, async _ => StateOf(await EnsembleCluster.StatusAsync(survivor), victim) == "connected", $"server {victim} connected to the leader");

        using var current = await survivor.Client.GetAsync("/v1/status");
        var index = IndexOf(current);
        var poll = survivor.Client.GetAsync($"/v1/status?index={index}&wait=10m");
        await ensemble.KillAsync(victim);

        // Every answer comes from an advance (the wait is far longer than the deadline); the one after the kill shows it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var answer = await poll.WaitAsync(deadline.Token);
            answer.EnsureSuccessStatusCode();
            var next = IndexOf(answer);
            Assert.True(next > index, $"generation {next} after {index}");
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            if (StateOf(body, victim) == "disconnected")
            {
                Assert.Equal("leader", body.GetProperty("mode").GetString());
                break;
            }

            index = next;
            poll = survivor.Client.GetAsync($"/v1/status?index={index}&wait=10m", deadline.Token);
        }
    }

    private static string? StateOf(JsonElement status, int serverId) =>
        status.GetProperty("peers").EnumerateArray().Single(p => p.GetProperty("serverId").GetInt32() == serverId).GetProperty("state").GetString();

    private static long IndexOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Registry-Index").Single(), CultureInfo.InvariantCulture);
}
