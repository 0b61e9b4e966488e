using System.Net;
using Xunit.Abstractions;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// The leader cut off from both followers by the peer proxies: it keeps proposing what it can no longer commit
/// while the other two elect a new leader and move on. After the heal it must throw those proposals away (TRUNC):
/// they must appear nowhere, not even after the old leader restarts from its own log.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class PartitionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_isolated_leader_loses_its_uncommitted_proposals_and_rejoins()
    {
        await using var cluster = await EnsembleCluster.StartAsync();
        var oldLeader = await cluster.WaitForLeaderAsync();
        var majority = cluster.Members.Where(m => m.Id != oldLeader).Select(m => m.Id).ToList();
        await using var survivor = await SessionProbe.OpenAsync(cluster, majority[0], "/survivor", timeoutMs: 20 * EnsembleCluster.TickTimeMs);
        survivor.KeepAlive();
        await using var abandoned = await SessionProbe.OpenAsync(cluster, oldLeader, "/abandoned", timeoutMs: 5 * EnsembleCluster.TickTimeMs);
        abandoned.KeepAlive();
        using (var parent = await cluster.Http.PostAsync(new Uri(cluster[oldLeader].BaseAddress, "/v1/znodes/stale"), null))
        {
            parent.EnsureSuccessStatusCode();
        }

        await using var load = await WriteLoad.StartAsync(cluster, "/load");
        await load.WaitForProgressAsync(100);

        // Silent partition: the old leader learns of it only when its followers' acks stop coming.
        cluster.Isolate(oldLeader, LinkState.Blackhole);
        await abandoned.AbandonAsync(); // its expiry is now up to the new leader
        var stale = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => TryCreateAsync(cluster, oldLeader, $"/stale/write-{i}")));
        Assert.All(stale, status => Assert.NotEqual(HttpStatusCode.Created, status));

        var newLeader = await cluster.WaitForLeaderAsync(majority);
        await cluster.WaitUntilAsync($"server {oldLeader} to stop leading", TimeSpan.FromSeconds(30), [oldLeader], s => s[0]!.Mode != "leader");
        await load.WaitForProgressAsync(100);

        cluster.Heal(oldLeader);
        Assert.Equal(newLeader, await cluster.WaitForLeaderAsync());
        await load.WaitForProgressAsync(100);
        await load.StopAsync();
        await cluster.WaitForConvergenceAsync();
        await AssertNoStaleWritesAsync(cluster);

        // A follower that kept the stale proposals in its log would replay them on recovery.
        await cluster.KillAsync(oldLeader);
        await cluster.RestartAsync(oldLeader);
        await cluster.WaitForConvergenceAsync();
        await AssertNoStaleWritesAsync(cluster);
        output.WriteLine($"leader {oldLeader} isolated, {newLeader} elected; stale writes answered {string.Join(", ", stale)}; {load.Acknowledged} writes acknowledged, {load.Failed} failed");
        output.WriteLine(string.Join('\n', cluster[oldLeader].OutputMentioning("truncat")));
        load.AssertReplicasConsistent(await load.ReadChildrenAsync());
        await survivor.AssertAliveEverywhereAsync();
        await abandoned.WaitUntilExpiredEverywhereAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_follower_cut_off_behind_slow_links_catches_up_after_the_heal()
    {
        await using var cluster = await EnsembleCluster.StartAsync();
        var leader = await cluster.WaitForLeaderAsync();
        var follower = cluster.Members.First(m => m.Id != leader).Id;
        await using var load = await WriteLoad.StartAsync(cluster, "/load");
        await load.WaitForProgressAsync(100);

        // Every peer link slow, then the follower's links refused outright: the other two still form a quorum.
        cluster.SlowAllLinks(TimeSpan.FromMilliseconds(20));
        await load.WaitForProgressAsync(100);
        cluster.Isolate(follower, LinkState.Refuse);
        await cluster.WaitUntilAsync($"server {follower} to lose its leader", TimeSpan.FromSeconds(30), [follower], s => !s[0]!.IsServing);
        await load.WaitForProgressAsync(200);

        cluster.Heal(follower);
        cluster.SlowAllLinks(TimeSpan.Zero);
        Assert.Equal(leader, await cluster.WaitForLeaderAsync());
        await load.WaitForProgressAsync(100);
        await load.StopAsync();
        var zxid = await cluster.WaitForConvergenceAsync();
        output.WriteLine($"server {follower} cut off from leader {leader}; {load.Acknowledged} writes acknowledged, {load.Failed} failed; converged at zxid 0x{zxid:x}");
        load.AssertReplicasConsistent(await load.ReadChildrenAsync());
    }

    private static async Task<HttpStatusCode?> TryCreateAsync(EnsembleCluster cluster, int server, string path)
    {
        try
        {
            using var response = await cluster.Http.PostAsync(new Uri(cluster[server].BaseAddress, "/v1/znodes" + path), null);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task AssertNoStaleWritesAsync(EnsembleCluster cluster)
    {
        foreach (var member in cluster.Members)
        {
            var children = await cluster.Http.GetStringAsync(new Uri(member.BaseAddress, "/v1/znodes/stale?children"));
            Assert.True(children.Contains("\"children\":[]", StringComparison.Ordinal), $"server {member.Id} applied uncommitted writes of the old epoch: {children}\n{cluster.Diagnostics()}");
        }
    }
}
