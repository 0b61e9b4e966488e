using Registry.Integration.Tests.Faults;
using Registry.Server.Tests.ZooKeeper;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>A ZooKeeper-protocol session opened on one server of a real ensemble resumes on another.</summary>
public sealed class EnsembleReconnectTests
{
    [Fact]
    public async Task A_session_and_its_ephemeral_survive_a_reconnect_to_another_server()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();
        var first = ensemble.Ids.First(id => id != leader);
        var second = ensemble.Ids.Last(id => id != first);

        long session;
        byte[] password;
        await using (var client = await JuteClient.ConnectAsync(ensemble[first].ZooKeeperPort, 8000))
        {
            (session, password) = (client.SessionId, client.Password);
            var created = await client.RequestAsync(OpCode.Create, Requests.Create("/zk-ephemeral", "up", flags: 1));
            Assert.Equal(ErrorCode.Ok, created.Error);
        }

        await using var resumed = await JuteClient.ConnectAsync(ensemble[second].ZooKeeperPort, 8000, session, password);
        Assert.Equal(session, resumed.SessionId);
        var exists = await resumed.RequestAsync(OpCode.Exists, Requests.PathWatch("/zk-ephemeral"));
        Assert.Equal(ErrorCode.Ok, exists.Error);

        // A wrong password gets ZooKeeper's "expired" answer (no session) on any server.
        await using var refused = await JuteClient.ConnectAsync(ensemble[first].ZooKeeperPort, 8000, session, new byte[16]);
        Assert.Equal((0L, 0), (refused.SessionId, refused.TimeoutMs));
    }
}
