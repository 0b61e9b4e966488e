using System.Text;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Integration.Tests.Ensemble;

/// <summary>
/// A Consul session's TTL holds ensemble-wide: renewals through any one server keep it alive on all of them, and once
/// they stop the session is closed everywhere.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class ConsulSessionTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_session_renewed_through_one_follower_lives_on_every_server_until_the_renewals_stop()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3, "--Registry:SessionTtlMin=00:00:01");
        var leader = await ensemble.WaitForLeaderAsync();
        var follower = ensemble[ensemble.Ids.First(id => id != leader)];

        using var created = await follower.Client.PutAsync("/v1/session/create", new StringContent($$"""{"Name":"lock-holder","TTL":"{{Ttl.TotalSeconds}}s"}""", Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ID").GetString()!;

        // A client renewing at an eighth of the TTL for three TTLs: every server must see the session the whole time.
        var renewing = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(renewing) < 3 * Ttl)
        {
            using var renewed = await follower.Client.PutAsync($"/v1/session/renew/{id}", null);
            Assert.True(renewed.IsSuccessStatusCode, $"renew answered {(int)renewed.StatusCode}");
            foreach (var server in ensemble.Ids.Select(s => ensemble[s]))
            {
                Assert.True(await ExistsAsync(server.Client, id), $"the session vanished from {server.Client.BaseAddress} while renewed");
            }

            await Task.Delay(Ttl / 8);
        }

        foreach (var server in ensemble.Ids.Select(s => ensemble[s]))
        {
            await EnsembleCluster.EventuallyAsync(server, async c => !await ExistsAsync(c, id), "the session to be closed once no longer renewed");
        }
    }

    private static async Task<bool> ExistsAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/session/info/{id}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength() == 1;
    }
}
