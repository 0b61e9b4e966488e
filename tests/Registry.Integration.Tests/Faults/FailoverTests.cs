using Xunit.Abstractions;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// kill -9 of the leader, of a follower, and of the leader again once the first victim is back, all under a steady
/// write load spread over the three servers.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Acknowledged_writes_and_live_sessions_survive_leader_and_follower_kills()
    {
        await using var cluster = await EnsembleCluster.StartAsync();
        var leader = await cluster.WaitForLeaderAsync();

        // Opened on the server about to die; kept alive through whichever server answers.
        await using var survivor = await SessionProbe.OpenAsync(cluster, leader, "/survivor", timeoutMs: 20 * EnsembleCluster.TickTimeMs);
        survivor.KeepAlive();
        await using var abandoned = await SessionProbe.OpenAsync(cluster, Follower(cluster, leader), "/abandoned", timeoutMs: 5 * EnsembleCluster.TickTimeMs);
        abandoned.KeepAlive();

        await using var load = await WriteLoad.StartAsync(cluster, "/load");
        await load.WaitForProgressAsync(100);

        // 1. The leader dies; the other two elect a new one and take writes; the victim rejoins.
        await cluster.KillAsync(leader);
        var second = await cluster.WaitForLeaderAsync();
        await load.WaitForProgressAsync(100);

        // Outlived the first failover, then left to expire under the new leader.
        await abandoned.AbandonAsync();
        await cluster.RestartAsync(leader);
        await cluster.WaitForLeaderAsync();
        await load.WaitForProgressAsync(100);

        // 2. A follower dies and rejoins; the leader stays.
        var follower = Follower(cluster, second);
        await cluster.KillAsync(follower);
        await load.WaitForProgressAsync(100);
        await cluster.RestartAsync(follower);
        Assert.Equal(second, await cluster.WaitForLeaderAsync());
        await load.WaitForProgressAsync(100);

        // 3. The leader dies again, now that the first victim is a follower again.
        await cluster.KillAsync(second);
        var third = await cluster.WaitForLeaderAsync();
        await load.WaitForProgressAsync(100);
        await cluster.RestartAsync(second);

        await load.StopAsync();
        var zxid = await cluster.WaitForConvergenceAsync();
        output.WriteLine($"leaders {leader} -> {second} -> {third}; {load.Acknowledged} writes acknowledged, {load.Failed} failed; converged at zxid 0x{zxid:x}");
        load.AssertReplicasConsistent(await load.ReadChildrenAsync());
        await survivor.AssertAliveEverywhereAsync();
        await abandoned.WaitUntilExpiredEverywhereAsync(TimeSpan.FromSeconds(30));
    }

    private static int Follower(EnsembleCluster cluster, int leader) => cluster.Members.First(m => m.Id != leader && m.IsRunning).Id;
}
