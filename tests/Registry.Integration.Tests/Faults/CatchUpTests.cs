using Xunit.Abstractions;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// A follower down while the others commit more than the leader keeps in its in-memory committed log: on restart
/// it can only be brought up to date with a snapshot (SNAP).
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class CatchUpTests(ITestOutputHelper output)
{
    /// <summary>More than the leader's committed-log retention (ZabOptions.CommittedLogRetention, 500 by default).</summary>
    private const int Gap = 700;

    [Fact]
    public async Task A_follower_far_behind_catches_up_by_snapshot()
    {
        await using var cluster = await EnsembleCluster.StartAsync();
        var leader = await cluster.WaitForLeaderAsync();
        var laggard = cluster.Members.First(m => m.Id != leader).Id;

        await using var load = await WriteLoad.StartAsync(cluster, "/load");
        await load.WaitForProgressAsync(50);
        await cluster.KillAsync(laggard);
        await load.WaitForProgressAsync(Gap, TimeSpan.FromSeconds(90));
        await cluster.RestartAsync(laggard);
        await cluster.WaitForLeaderAsync();
        await load.WaitForProgressAsync(50);

        await load.StopAsync();
        var zxid = await cluster.WaitForConvergenceAsync();
        output.WriteLine($"server {laggard} missed {Gap}+ writes; {load.Acknowledged} acknowledged, {load.Failed} failed; converged at zxid 0x{zxid:x}");
        output.WriteLine(string.Join('\n', cluster[laggard].OutputMentioning("snapshot")));
        load.AssertReplicasConsistent(await load.ReadChildrenAsync());
    }
}
