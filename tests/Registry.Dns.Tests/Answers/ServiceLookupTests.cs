using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Registry.Catalog.Model;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

public sealed class ServiceLookupTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = new(o => o.AltDomains.Add("registry.example."));

    public Task InitializeAsync()
    {
        var catalog = _server.Catalog;
        catalog.Add("web", "web-1", "10.0.0.7", 8080, tags: ["v2", "http"], weights: new ServiceWeights(10, 1));
        catalog.Add("web", "web-2", "10.0.0.8", 8081, HealthStatus.Warning, tags: ["v1"], weights: new ServiceWeights(10, 3), node: "node-2");
        catalog.Add("web", "web-3", "10.0.0.9", 8082, HealthStatus.Critical, tags: ["v2"]);
        catalog.Add("web", "web-4", "10.0.0.7", 9090, tags: ["admin"], weights: new ServiceWeights(5, 1));
        catalog.Add("db", "db-1", "2001:db8::5", 5432);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_query_answers_each_distinct_address_of_passing_and_warning_instances()
    {
        var response = await _server.Client().QueryAsync("web.service.consul", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.True(response.Header.HasAuthorityAnswer);
        Assert.Equal(
            ["10.0.0.7", "10.0.0.8"],
            response.Answers.ARecords().Select(a => a.Address.ToString()).Order());
        Assert.All(response.Answers, a => Assert.Equal("web.service.consul.", a.DomainName.Value));
        Assert.All(response.Answers, a => Assert.Equal(0, a.InitialTimeToLive));
    }

    [Fact]
    public async Task Srv_query_answers_port_weight_by_health_and_targets_resolved_in_the_additional_section()
    {
        var response = await _server.Client().QueryAsync("web.service.consul", QueryType.SRV);

        var srv = response.Answers.SrvRecords().OrderBy(s => s.Port).ToList();
        Assert.Equal([8080, 8081, 9090], srv.Select(s => (int)s.Port));
        Assert.All(srv, s => Assert.Equal(1, s.Priority));
        Assert.Equal([10, 3, 5], srv.Select(s => (int)s.Weight));
        Assert.Equal(["0a000007.addr.dc1.consul.", "0a000008.addr.dc1.consul.", "0a000007.addr.dc1.consul."], srv.Select(s => s.Target.Value));
        var additional = response.Additionals.ARecords().ToDictionary(a => a.DomainName.Value, a => a.Address.ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["0a000007.addr.dc1.consul."] = "10.0.0.7",
            ["0a000008.addr.dc1.consul."] = "10.0.0.8",
        }, additional);
    }

    [Fact]
    public async Task Srv_targets_resolve_by_themselves()
    {
        var client = _server.Client();

        var v4 = await client.QueryAsync("0a000008.addr.dc1.consul", QueryType.A);
        var v6 = await client.QueryAsync("20010db8000000000000000000000005.addr.dc1.consul", QueryType.AAAA);

        Assert.Equal("10.0.0.8", Assert.Single(v4.Answers.ARecords()).Address.ToString());
        Assert.Equal(IPAddress.Parse("2001:db8::5"), Assert.Single(v6.Answers.AaaaRecords()).Address);
    }

    [Fact]
    public async Task Aaaa_query_answers_ipv6_instances()
    {
        var response = await _server.Client().QueryAsync("db.service.consul", QueryType.AAAA);

        Assert.Equal(IPAddress.Parse("2001:db8::5"), Assert.Single(response.Answers.AaaaRecords()).Address);
    }

    [Theory]
    [InlineData("web.service.dc1.consul")]
    [InlineData("web.service.dc1.dc.consul")]
    [InlineData("WEB.Service.DC1.Consul")]
    [InlineData("web.service.registry.example")]
    public async Task Datacenter_label_case_and_alternative_domain_name_the_same_service(string name)
    {
        var response = await _server.Client().QueryAsync(name, QueryType.A);

        Assert.Equal(["10.0.0.7", "10.0.0.8"], response.Answers.ARecords().Select(a => a.Address.ToString()).Order());
    }

    [Fact]
    public async Task Srv_targets_use_the_domain_the_query_used()
    {
        var response = await _server.Client().QueryAsync("web.service.registry.example", QueryType.SRV);

        Assert.All(response.Answers.SrvRecords(), s => Assert.EndsWith(".addr.dc1.registry.example.", s.Target.Value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v2.web.service.consul", new[] { 8080 })]
    [InlineData("V1.web.service.consul", new[] { 8081 })]
    [InlineData("_web._tcp.service.consul", new[] { 8080, 8081, 9090 })]
    [InlineData("_web._admin.service.consul", new[] { 9090 })]
    [InlineData("_web._tcp.consul", new[] { 8080, 8081, 9090 })]
    [InlineData("_web._v2.service.dc1.consul", new[] { 8080 })]
    public async Task Tag_and_rfc2782_forms_filter_instances(string name, int[] ports)
    {
        var response = await _server.Client().QueryAsync(name, QueryType.SRV);

        Assert.Equal(ports, response.Answers.SrvRecords().Select(s => (int)s.Port).Order());
    }

    [Fact]
    public async Task Tag_matching_no_answerable_instance_is_nxdomain()
    {
        // web-3 carries v3-free tags and is critical: a tag only critical instances have does not exist either.
        var response = await _server.Client().QueryAsync("v9.web.service.consul", QueryType.SRV);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
    }

    [Fact]
    public async Task Any_query_answers_the_addresses()
    {
        var response = await _server.Client().QueryAsync("web.service.consul", QueryType.ANY);

        Assert.Equal(["10.0.0.7", "10.0.0.8"], response.Answers.ARecords().Select(a => a.Address.ToString()).Order());
    }

    [Fact]
    public async Task Node_lookup_answers_the_addresses_of_the_instances_on_the_node()
    {
        var response = await _server.Client().QueryAsync("NODE-2.node.consul", QueryType.A);

        Assert.Equal("10.0.0.8", Assert.Single(response.Answers.ARecords()).Address.ToString());
    }

    [Fact]
    public async Task Answers_are_shuffled_per_query()
    {
        var client = _server.Client();
        var orders = new HashSet<string>();
        for (var i = 0; i < 50 && orders.Count < 2; i++)
        {
            var response = await client.QueryAsync("web.service.consul", QueryType.SRV);
            orders.Add(string.Join(',', response.Answers.SrvRecords().Select(s => s.Port)));
        }

        // Three records, fifty queries: a fixed order would show one sequence; shuffling shows several.
        Assert.True(orders.Count >= 2, $"always {string.Join(" | ", orders)}");
    }

    [Fact]
    public async Task Dig_sees_an_authoritative_srv_answer_with_additional_addresses_and_the_question_as_asked()
    {
        var dig = await _server.DigAsync("Web.Service.Consul", "SRV");

        Assert.Equal("NOERROR", dig.Status);
        Assert.Contains("aa", dig.Flags);
        Assert.DoesNotContain("tc", dig.Flags);
        Assert.Equal("Web.Service.Consul.\t\tIN\tSRV", Assert.Single(dig.Question));
        Assert.Equal(3, dig.Answer.Count);
        Assert.All(dig.Answer, r => Assert.Equal(["Web.Service.Consul.", "0", "IN", "SRV", "1"], r[..5]));
        Assert.Contains(dig.Answer, r => r[5..] is ["10", "8080", "0a000007.addr.dc1.consul."]);
        Assert.Contains(dig.Additional, r => r is ["0a000008.addr.dc1.consul.", "0", "IN", "A", "10.0.0.8"]);
    }

    [Fact]
    public async Task Dig_short_a_answer_lists_the_addresses()
    {
        var dig = await _server.DigAsync("web.service.consul", "A", "+short");

        Assert.Equal(["10.0.0.7", "10.0.0.8"], dig.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
