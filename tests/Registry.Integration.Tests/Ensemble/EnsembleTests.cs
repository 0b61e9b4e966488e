using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Integration.Tests.Ensemble;

/// <summary>Three real server processes replicating through ZAB over real sockets.</summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleTests
{
    [Fact]
    public async Task Three_servers_elect_one_leader_and_a_write_on_a_follower_is_visible_everywhere()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var follower = ensemble.Ids.First(id => id != leader);

        // Read until it holds: just after start-up the processes are still compiling, and on a busy 2-core machine a
        // second without the leader's pings (this ensemble's sync limit) sends a follower back to an election.
        await EnsembleCluster.EventuallyAsync(ensemble[follower], async client =>
        {
            var status = await EnsembleCluster.StatusAsync(ensemble[follower]);
            if (status.GetProperty("mode").GetString() != "follower" || status.GetProperty("peers").GetArrayLength() != 3)
            {
                return false;
            }

            var cli = await CliTests.RunAsync("status", "--server", client.BaseAddress!.ToString());
            return cli.Output.Contains("Mode: follower", StringComparison.Ordinal) && cli.Output.Contains($"Leader: {leader}", StringComparison.Ordinal);
        }, $"server {follower} reporting itself a follower of {leader} over HTTP and in `registry status`");

        // Answered by the follower only once committed and applied there: readable on it at once.
        using var created = await EnsembleCluster.PostRetryingAsync(ensemble[follower].Client, new Uri("/v1/znodes/replicated", UriKind.Relative), "v1"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ensemble[follower].Client.GetAsync("/v1/znodes/replicated")).StatusCode);
        foreach (var id in ensemble.Ids)
        {
            await EnsembleCluster.EventuallyAsync(ensemble[id], async c => (await c.GetAsync("/v1/znodes/replicated")).StatusCode == HttpStatusCode.OK, $"/replicated on server {id}");
        }

        // A prepare error raised on the leader comes back to the follower's client.
        using var duplicate = await ensemble[follower].Client.PostAsync("/v1/znodes/replicated", null);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task An_ephemeral_of_a_session_opened_on_a_follower_appears_and_vanishes_everywhere()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var follower = ensemble[ensemble.Ids.First(id => id != leader)];

        // Set-up writes are sent again while the follower has no quorum (a busy machine can cost the new leader one).
        using var opened = await EnsembleCluster.SendRetryingAsync(follower.Client, () => new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = JsonContent.Create(new { timeoutMs = 4000 }),
        });
        opened.EnsureSuccessStatusCode();
        var session = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var created = await EnsembleCluster.SendRetryingAsync(follower.Client, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/znodes/instance?mode=ephemeral");
            request.Headers.Add("X-Registry-Session", session);
            return request;
        });

        // A create whose first attempt committed before the connection to the leader was lost finds its node on the retry.
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"create answered {created.StatusCode}");

        foreach (var id in ensemble.Ids)
        {
            await EnsembleCluster.EventuallyAsync(ensemble[id], async c => (await c.GetAsync("/v1/znodes/instance")).StatusCode == HttpStatusCode.OK, $"the ephemeral on server {id}");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await follower.Client.DeleteAsync($"/v1/sessions/{session}")).StatusCode);
        foreach (var id in ensemble.Ids)
        {
            await EnsembleCluster.EventuallyAsync(ensemble[id], async c => (await c.GetAsync("/v1/znodes/instance")).StatusCode == HttpStatusCode.NotFound, $"the ephemeral gone from server {id}");
        }
    }

    [Fact]
    public async Task Keepalives_on_a_follower_keep_a_session_alive_at_the_leader_which_expires_it_once_they_stop()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var follower = ensemble[ensemble.Ids.First(id => id != leader)];
        using var opened = await follower.Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs = 4000 });
        var session = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/znodes/kept?mode=ephemeral"))
        {
            request.Headers.Add("X-Registry-Session", session);
            (await follower.Client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        // The client's workload: a keepalive every eighth of the timeout, for one and a half timeouts, all on the follower.
        for (var i = 0; i < 12; i++)
        {
            using var kept = await follower.Client.PutAsync($"/v1/sessions/{session}/keepalive", null);
            Assert.True(kept.IsSuccessStatusCode, $"keepalive {i} answered {kept.StatusCode}");
            await Task.Delay(500);
        }

        Assert.Equal(HttpStatusCode.OK, (await ensemble[leader].Client.GetAsync("/v1/znodes/kept")).StatusCode);
        await EnsembleCluster.EventuallyAsync(ensemble[leader], async c => (await c.GetAsync("/v1/znodes/kept")).StatusCode == HttpStatusCode.NotFound, "expiry by the leader");
        await EnsembleCluster.EventuallyAsync(follower, async c => (await c.GetAsync("/v1/znodes/kept")).StatusCode == HttpStatusCode.NotFound, "the expiry reaching the follower");
    }

    [Fact]
    public async Task Killing_the_leader_elects_another_writes_continue_and_the_restarted_server_catches_up()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var survivor = ensemble.Ids.First(id => id != leader);
        (await EnsembleCluster.PostRetryingAsync(ensemble[survivor].Client, new Uri("/v1/znodes/before", UriKind.Relative))).EnsureSuccessStatusCode();

        await ensemble.KillAsync(leader);
        var next = await ensemble.WaitForLeaderAsync();
        Assert.NotEqual(leader, next);
        for (var i = 0; i < 20; i++)
        {
            using var written = await EnsembleCluster.PostRetryingAsync(ensemble[survivor].Client, new Uri($"/v1/znodes/after{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        }

        await ensemble.RestartAsync(leader);
        await ensemble.WaitForLeaderAsync();
        await EnsembleCluster.EventuallyAsync(ensemble[leader], async c => (await c.GetAsync("/v1/znodes/after19")).StatusCode == HttpStatusCode.OK, "catching up");
        Assert.Equal(HttpStatusCode.OK, (await ensemble[leader].Client.GetAsync("/v1/znodes/before")).StatusCode);
        var status = await EnsembleCluster.StatusAsync(ensemble[leader]);
        Assert.Equal(next, status.GetProperty("leaderId").GetInt32());
    }

    [Fact]
    public async Task A_server_without_a_quorum_is_not_ready_and_fails_writes_at_once_until_its_peers_arrive()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3, only: [1]);
        var alone = ensemble[1];

        using (var ready = await alone.Client.GetAsync("/v1/status/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        Assert.Equal("looking", (await EnsembleCluster.StatusAsync(alone)).GetProperty("mode").GetString());
        using (var refused = await alone.Client.PostAsync("/v1/znodes/early", null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("ConnectionLoss", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        await Task.WhenAll(ensemble.RestartAsync(2), ensemble.RestartAsync(3));
        await ensemble.WaitForLeaderAsync();
        Assert.Equal(HttpStatusCode.OK, (await alone.Client.GetAsync("/v1/status/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await EnsembleCluster.PostRetryingAsync(alone.Client, new Uri("/v1/znodes/early", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_peer_list_without_the_servers_own_id_stops_the_start_with_a_clear_error()
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-badpeers-").FullName;
        try
        {
            var port = ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var run = await CliTests.RunAsync("start", "--data", dataDir, "--http-port", port, "--bind", "127.0.0.1", "--id", "4", "--peers", "1=127.0.0.1:2888:3888");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("does not list this server's id 4", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
