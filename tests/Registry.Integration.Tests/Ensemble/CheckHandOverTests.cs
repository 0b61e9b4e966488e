using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Integration.Tests.Ensemble;

/// <summary>
/// Health checks are spread over the live servers of an ensemble; when one dies, the survivors take its checks
/// and keep probing them, so the instance's health still follows its target.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class CheckHandOverTests
{
    private const int Checks = 6;

    [Fact]
    public async Task Checks_of_a_killed_server_move_to_the_survivors_and_keep_following_their_target()
    {
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var port = ((IPEndPoint)target.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        var leader = await ensemble.WaitForLeaderAsync();

        // TCP checks of one instance against a port this test owns: passing while it listens, critical once it stops.
        var checks = string.Join(',', Enumerable.Range(1, Checks).Select(i => $$"""{"CheckID":"tcp-{{i}}","TCP":"127.0.0.1:{{port}}","Interval":"1s","Timeout":"1s"}"""));
        using var registered = await ensemble[leader].Client.PutAsync(
            "/v1/agent/service/register", new StringContent($$"""{"Name":"web","ID":"web-1","Port":80,"Checks":[{{checks}}]}""", Encoding.UTF8, "application/json"));
        registered.EnsureSuccessStatusCode();
        await EnsembleCluster.EventuallyAsync(ensemble[leader], c => AllChecksAreAsync(c, "passing"), "every check passing");

        // The victim is a server that runs at least one check; prefer a follower so no election is needed.
        var owners = await CheckOwnersAsync(ensemble[leader]);
        Assert.Equal(Checks, owners.Values.Sum(ids => ids.Count));
        var victim = owners.Where(o => o.Value.Count > 0).Select(o => o.Key).OrderBy(id => id == leader).First();
        var moved = owners[victim];
        await ensemble.KillAsync(victim);
        var survivor = ensemble[ensemble.Ids.First(id => id != victim)];

        await EnsembleCluster.EventuallyAsync(survivor, async c =>
        {
            var now = await CheckOwnersAsync(survivor);
            return !now.ContainsKey(victim) && now.Values.Sum(ids => ids.Count) == Checks;
        }, $"server {victim}'s checks {string.Join(", ", moved)} assigned to the survivors");

        // Only probes by the survivors can notice the target going away, the moved checks included.
        target.Stop();
        await EnsembleCluster.EventuallyAsync(survivor, c => AllChecksAreAsync(c, "critical"), "every check critical after the target stopped");
    }

    private static async Task<Dictionary<int, List<string>>> CheckOwnersAsync(ClusterMember server)
    {
        var status = await EnsembleCluster.StatusAsync(server);
        return status.GetProperty("checkOwners").EnumerateObject().ToDictionary(
            o => int.Parse(o.Name, CultureInfo.InvariantCulture), o => o.Value.EnumerateArray().Select(c => c.GetString()!).ToList());
    }

    private static async Task<bool> AllChecksAreAsync(HttpClient client, string status)
    {
        using var response = await client.GetAsync("/v1/health/checks/web");
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        return checks.Count == Checks && checks.All(c => c.GetProperty("Status").GetString() == status);
    }
}
