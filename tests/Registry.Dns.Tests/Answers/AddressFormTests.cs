using DnsClient;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

/// <summary>Instances registered with a host name or without a usable address, and node lookups' TTL.</summary>
public sealed class AddressFormTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = new(o => o.NodeTtl = "45s");

    public Task InitializeAsync()
    {
        _server.Catalog.Add("mail", "mail-1", "mx1.example.net", 25);
        _server.Catalog.Add("mail", "mail-2", "10.4.0.2", 25);
        _server.Catalog.Add("mail", "mail-3", "", 25);
        _server.Catalog.Add("mail", "mail-4", "not a host!", 25);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_host_name_address_is_answered_as_a_cname_next_to_the_ip_addresses()
    {
        var response = await _server.Client().QueryAsync("mail.service.consul", QueryType.A);

        Assert.Equal("mx1.example.net.", Assert.Single(response.Answers.CnameRecords()).CanonicalName.Value);
        Assert.Equal("10.4.0.2", Assert.Single(response.Answers.ARecords()).Address.ToString());
        Assert.Equal(2, response.Answers.Count);
    }

    [Fact]
    public async Task A_host_name_address_is_its_own_srv_target_without_additional_data()
    {
        var response = await _server.Client().QueryAsync("mail.service.consul", QueryType.SRV);

        Assert.Equal(["0a040002.addr.dc1.consul.", "mx1.example.net."], response.Answers.SrvRecords().Select(s => s.Target.Value).Order());
        Assert.Equal("0a040002.addr.dc1.consul.", Assert.Single(response.Additionals.ARecords()).DomainName.Value);
    }

    [Fact]
    public async Task Node_and_addr_lookups_use_the_node_ttl()
    {
        var node = await _server.Client().QueryAsync("node-1.node.dc1.consul", QueryType.A);
        var addr = await _server.Client().QueryAsync("0a040002.addr.dc1.consul", QueryType.A);

        Assert.Equal(45, Assert.Single(node.Answers.ARecords()).InitialTimeToLive);
        Assert.Equal(45, Assert.Single(addr.Answers.ARecords()).InitialTimeToLive);
    }
}
