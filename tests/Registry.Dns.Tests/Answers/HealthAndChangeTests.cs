using DnsClient;
using Registry.Catalog.Model;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

public sealed class HealthAndChangeTests
{
    [Fact]
    public async Task A_new_instance_is_answered_and_gone_on_the_next_query_once_critical()
    {
        await using var server = new TestDnsServer();
        var client = server.Client();
        server.Catalog.Add("api", "api-1", "10.1.0.1", 7000);

        var first = await client.QueryAsync("api.service.consul", QueryType.SRV);
        server.Catalog.Add("api", "api-2", "10.1.0.2", 7001);
        var second = await client.QueryAsync("api.service.consul", QueryType.SRV);
        server.Catalog.SetHealth("api", "api-2", HealthStatus.Critical);
        var third = await client.QueryAsync("api.service.consul", QueryType.SRV);

        Assert.Equal([7000], first.Answers.SrvRecords().Select(s => (int)s.Port));
        Assert.Equal([7000, 7001], second.Answers.SrvRecords().Select(s => (int)s.Port).Order());
        Assert.Equal([7000], third.Answers.SrvRecords().Select(s => (int)s.Port));
        Assert.Equal(["10.1.0.1"], third.Additionals.ARecords().Select(a => a.Address.ToString()));
    }

    [Fact]
    public async Task A_service_whose_instances_are_all_critical_or_gone_is_nxdomain_with_the_soa()
    {
        await using var server = new TestDnsServer();
        var client = server.Client();
        server.Catalog.Add("api", "api-1", "10.1.0.1", 7000);
        server.Catalog.Add("api", "api-2", "10.1.0.2", 7000);
        Assert.Equal(2, (await client.QueryAsync("api.service.consul", QueryType.A)).Answers.Count);

        server.Catalog.SetHealth("api", "api-1", HealthStatus.Critical);
        server.Catalog.Remove("api", "api-2");
        var response = await client.QueryAsync("api.service.consul", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal("consul.", Assert.Single(response.Authorities.SoaRecords()).DomainName.Value);
    }

    [Fact]
    public async Task A_recovered_instance_is_answered_again()
    {
        await using var server = new TestDnsServer();
        var client = server.Client();
        server.Catalog.Add("api", "api-1", "10.1.0.1", 7000, HealthStatus.Critical);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await client.QueryAsync("api.service.consul", QueryType.A)).Header.ResponseCode);

        server.Catalog.SetHealth("api", "api-1", HealthStatus.Passing);

        Assert.Equal("10.1.0.1", Assert.Single((await client.QueryAsync("api.service.consul", QueryType.A)).Answers.ARecords()).Address.ToString());
    }

    [Fact]
    public async Task Only_passing_leaves_warning_instances_out()
    {
        await using var server = new TestDnsServer(o => o.OnlyPassing = true);
        server.Catalog.Add("api", "api-1", "10.1.0.1", 7000);
        server.Catalog.Add("api", "api-2", "10.1.0.2", 7000, HealthStatus.Warning);

        var response = await server.Client().QueryAsync("api.service.consul", QueryType.A);

        Assert.Equal("10.1.0.1", Assert.Single(response.Answers.ARecords()).Address.ToString());
    }

    [Fact]
    public async Task A_weight_follows_the_instance_health()
    {
        await using var server = new TestDnsServer();
        var client = server.Client();
        server.Catalog.Add("api", "api-1", "10.1.0.1", 7000, weights: new ServiceWeights(20, 2));
        Assert.Equal(20, Assert.Single((await client.QueryAsync("api.service.consul", QueryType.SRV)).Answers.SrvRecords()).Weight);

        server.Catalog.SetHealth("api", "api-1", HealthStatus.Warning);

        Assert.Equal(2, Assert.Single((await client.QueryAsync("api.service.consul", QueryType.SRV)).Answers.SrvRecords()).Weight);
    }

    [Fact]
    public async Task Ttls_come_from_the_exact_name_then_the_longest_prefix_then_the_wildcard()
    {
        await using var server = new TestDnsServer(o =>
        {
            o.ServiceTtl["api"] = "30s";
            o.ServiceTtl["api-*"] = "2m";
            o.ServiceTtl["api-int*"] = "7";
            o.ServiceTtl["*"] = "5";
            o.SoaMinTtl = "1h";
        });
        foreach (var service in new[] { "api", "api-ext", "api-internal", "other" })
        {
            server.Catalog.Add(service, service + "-1", "10.1.0.1", 7000);
        }
        var client = server.Client();

        async Task<int> Ttl(string service) =>
            Assert.Single((await client.QueryAsync($"{service}.service.consul", QueryType.SRV)).Answers).InitialTimeToLive;

        int[] ttls = [await Ttl("api"), await Ttl("api-ext"), await Ttl("api-internal"), await Ttl("other")];
        Assert.Equal([30, 120, 7, 5], ttls);
        var negative = await client.QueryAsync("missing.service.consul", QueryType.A);
        var soa = Assert.Single(negative.Authorities.SoaRecords());
        Assert.Equal(3600, soa.InitialTimeToLive);
        Assert.Equal(3600u, soa.Minimum);
    }
}
