using System.Diagnostics;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>
/// kazoo against a 3-server ensemble: when the server a client is connected to is killed, the client moves to
/// another server of its connect string and resumes its session, ephemerals included.
/// </summary>
public sealed class KazooFailoverTests
{
    [Fact]
    public async Task A_client_keeps_its_session_and_ephemerals_when_its_server_is_killed()
    {
        await using var cluster = await EnsembleCluster.StartAsync();
        var leader = await cluster.WaitForLeaderAsync();
        var followers = cluster.Members.Where(m => m.Id != leader).Select(m => m.Id).ToList();

        // kazoo connects to the first host of the list: a follower, so that the session outlives its server.
        var info = new ProcessStartInfo(ChildProcess.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ChildProcess.Script("kazoo/failover.py"));
        info.ArgumentList.Add(cluster.ZooKeeperHosts([followers[0], leader, followers[1]]));
        using var client = Process.Start(info)!;
        var error = client.StandardError.ReadToEndAsync();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var opened = await client.StandardOutput.ReadLineAsync(deadline.Token);
            if (opened is null)
            {
                Assert.Fail(await error); // stderr is only complete once the script has exited
            }

            var session = JsonDocument.Parse(opened).RootElement.GetProperty("session").GetInt64();

            await cluster.KillAsync(followers[0]);
            await client.StandardInput.WriteLineAsync("killed");
            await client.StandardInput.FlushAsync(deadline.Token);
            var reported = await client.StandardOutput.ReadLineAsync(deadline.Token);
            if (reported is null)
            {
                Assert.Fail(await error);
            }

            foreach (var check in JsonDocument.Parse(reported).RootElement.EnumerateObject())
            {
                Assert.True(check.Value.GetBoolean(), $"{check.Name} failed for session 0x{session:x}: {reported}\n{cluster.Diagnostics()}");
            }
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill();
            }

            await client.WaitForExitAsync();
        }
    }
}
