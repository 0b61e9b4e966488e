using System.Globalization;
using System.Net;
using System.Text;
using DnsClient;
using DnsClient.Protocol;

namespace Registry.Integration.Tests;

/// <summary>
/// The whole discovery path in one real server process: a service registered over the Consul API is answered by
/// the DNS responder on the same host, and leaves the answers the moment its check turns critical.
/// </summary>
public sealed class DnsDiscoveryTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("registry-dns-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task A_service_registered_over_http_is_resolved_by_dns_until_its_check_fails()
    {
        var dnsPort = ServerProcess.FreePort();
        await using var server = await ServerProcess.StartAsync(_dataDir, $"--dns-port={dnsPort.ToString(CultureInfo.InvariantCulture)}");
        var dns = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, dnsPort)) { UseCache = false, Retries = 2, Timeout = TimeSpan.FromSeconds(5) });

        const string registration = """
            {"Name":"web","ID":"web-1","Address":"127.0.0.2","Port":8080,"Tags":["v2"],"Check":{"CheckID":"web-ttl","TTL":"60s"}}
            """;
        (await server.Client.PutAsync("/v1/agent/service/register", new StringContent(registration, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        // A TTL check starts critical, as in Consul, so the instance is not answered until it reports in.
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await dns.QueryAsync("web.service.consul", QueryType.SRV)).Header.ResponseCode);

        (await server.Client.PutAsync("/v1/agent/check/pass/web-ttl", null)).EnsureSuccessStatusCode();
        var srv = await dns.QueryAsync("_web._v2.service.consul", QueryType.SRV);
        var record = Assert.Single(srv.Answers.SrvRecords());
        Assert.Equal(8080, record.Port);
        var glue = Assert.Single(srv.Additionals.ARecords());
        Assert.Equal(record.Target.Value, glue.DomainName.Value);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), glue.Address);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Assert.Single((await dns.QueryAsync("v2.web.service.consul", QueryType.A)).Answers.ARecords()).Address);

        (await server.Client.PutAsync("/v1/agent/check/fail/web-ttl", null)).EnsureSuccessStatusCode();
        var afterFailure = await dns.QueryAsync("web.service.consul", QueryType.A);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, afterFailure.Header.ResponseCode);
        Assert.IsType<SoaRecord>(Assert.Single(afterFailure.Authorities));
    }
}
