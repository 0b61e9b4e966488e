using DnsClient;
using Registry.Catalog.Model;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

/// <summary>Several clients querying over UDP and TCP while the catalog changes underneath: every answer is one the catalog held.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Answers_under_concurrent_queries_and_catalog_changes_are_always_consistent()
    {
        await using var server = new TestDnsServer();
        var stable = new[] { "10.5.0.1", "10.5.0.2", "10.5.0.3" };
        for (var i = 0; i < stable.Length; i++)
        {
            server.Catalog.Add("svc", $"stable-{i}", stable[i], 9000);
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var flips = 0;
        var churn = Task.Run(async () =>
        {
            // Bounded: 300 changes, each followed by a yield so queries interleave.
            for (; flips < 300 && !stop.IsCancellationRequested; flips++)
            {
                server.Catalog.Add("svc", "flapping", "10.5.0.9", 9000, flips % 2 == 0 ? HealthStatus.Critical : HealthStatus.Passing);
                server.Catalog.Add($"other-{flips % 7}", "x", "10.6.0.1", 1);
                await Task.Yield();
            }
        });

        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var client = server.Client(tcpOnly: c % 2 == 1);
            for (var q = 0; q < 150; q++)
            {
                var response = await client.QueryAsync("svc.service.consul", q % 2 == 0 ? QueryType.A : QueryType.SRV, cancellationToken: stop.Token);
                Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
                var addresses = q % 2 == 0
                    ? response.Answers.ARecords().Select(a => a.Address.ToString()).ToList()
                    : response.Additionals.ARecords().Select(a => a.Address.ToString()).ToList();
                Assert.Superset(stable.ToHashSet(), addresses.ToHashSet());
                Assert.True(addresses.Count is 3 or 4, string.Join(",", addresses));
                Assert.All(addresses, a => Assert.True(a is "10.5.0.1" or "10.5.0.2" or "10.5.0.3" or "10.5.0.9", a));
            }
        })).ToList();

        await Task.WhenAll([churn, .. clients]);
        Assert.Equal(300, flips);
    }
}
