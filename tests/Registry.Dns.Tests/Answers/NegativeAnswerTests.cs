using DnsClient;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

public sealed class NegativeAnswerTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = new();

    public Task InitializeAsync()
    {
        _server.Catalog.Add("web", "web-1", "10.0.0.7", 8080);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Theory]
    [InlineData("missing.service.consul")]
    [InlineData("web.service.dc2.consul")]
    [InlineData("web.weird.consul")]
    [InlineData("a.b.c.web.service.consul")]
    [InlineData("missing.node.consul")]
    [InlineData("nothex.addr.dc1.consul")]
    public async Task Unknown_names_under_the_domain_are_nxdomain_with_the_soa(string name)
    {
        var dig = await _server.DigAsync(name, "A");

        Assert.Equal("NXDOMAIN", dig.Status);
        Assert.Contains("aa", dig.Flags);
        Assert.Empty(dig.Answer);
        var soa = Assert.Single(dig.Authority);
        Assert.Equal(["consul.", "0", "IN", "SOA", "ns.consul.", "hostmaster.consul."], soa[..6]);
        Assert.Equal(["3600", "600", "86400", "0"], soa[7..]);
    }

    [Theory]
    [InlineData("web.service.consul", "TXT")]
    [InlineData("web.service.consul", "AAAA")]
    [InlineData("web.service.consul", "MX")]
    [InlineData("0a000007.addr.dc1.consul", "AAAA")]
    [InlineData("consul", "A")]
    public async Task Known_names_without_records_of_the_type_are_nodata_with_the_soa(string name, string type)
    {
        var dig = await _server.DigAsync(name, type);

        Assert.Equal("NOERROR", dig.Status);
        Assert.Empty(dig.Answer);
        Assert.Equal("SOA", Assert.Single(dig.Authority)[3]);
    }

    [Fact]
    public async Task The_domain_apex_answers_its_soa()
    {
        var response = await _server.Client().QueryAsync("Consul", QueryType.SOA);

        var soa = Assert.Single(response.Answers.SoaRecords());
        Assert.Equal("ns.Consul.", soa.MName.Value);
        Assert.Equal("hostmaster.Consul.", soa.RName.Value);
        Assert.Equal(3600u, soa.Refresh);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("consul.example.com")]
    [InlineData("notconsul")]
    public async Task Names_outside_the_domain_are_refused_and_not_authoritative(string name)
    {
        var dig = await _server.DigAsync(name, "A");

        Assert.Equal("REFUSED", dig.Status);
        Assert.DoesNotContain("aa", dig.Flags);
        Assert.Empty(dig.Answer);
        Assert.Empty(dig.Authority);
    }

    [Theory]
    [InlineData("AXFR")]
    [InlineData("IXFR=1")]
    public async Task Zone_transfers_are_refused(string type)
    {
        using var peer = new RawDns.UdpPeer(_server.EndPoint);
        var response = await peer.ExchangeAsync(RawDns.Query(7, "consul", type == "AXFR" ? (ushort)252 : (ushort)251));

        Assert.Equal(7, RawDns.Id(response));
        Assert.Equal(5, RawDns.ResponseCode(response));
    }

    [Fact]
    public async Task Other_classes_are_refused()
    {
        var dig = await _server.DigAsync("version.bind", "CH", "TXT");

        Assert.Equal("REFUSED", dig.Status);
    }
}
