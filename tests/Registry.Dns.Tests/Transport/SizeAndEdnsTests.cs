using DnsClient;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

public sealed class SizeAndEdnsTests : IAsyncLifetime
{
    private const int Instances = 500;
    private readonly TestDnsServer _server = new();

    public Task InitializeAsync()
    {
        for (var i = 0; i < Instances; i++)
        {
            _server.Catalog.Add("big", $"big-{i}", $"10.2.{i / 250}.{(i % 250) + 1}", 10_000 + i, tags: i < 200 ? ["few"] : []);
        }
        _server.Catalog.Add("small", "small-1", "10.3.0.1", 80);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_plain_udp_answer_that_does_not_fit_512_bytes_is_truncated_and_flagged()
    {
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var response = await peer.ExchangeAsync(RawDns.Query(41, "big.service.consul", 33));

        Assert.True(response.Length <= 512, $"{response.Length} bytes");
        Assert.True(RawDns.Truncated(response));
        Assert.InRange(RawDns.Count(response, 1), 1, Instances - 1);
        Assert.Equal(0, RawDns.Count(response, 3));
    }

    [Fact]
    public async Task Edns_payload_size_is_honoured_and_answered_with_an_opt_record()
    {
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var small = await peer.ExchangeAsync(RawDns.Query(42, "few.big.service.consul", 1, (1232, 0)));

        Assert.True(small.Length <= 1232, $"{small.Length} bytes");
        Assert.True(RawDns.Truncated(small));
        var dig = await _server.DigAsync("few.big.service.consul", "A", "+bufsize=4096", "+ignore");
        Assert.DoesNotContain("tc", dig.Flags);
        Assert.Equal(200, dig.Answer.Count);
        Assert.Contains("; EDNS: version: 0, flags:; udp: 4096", dig.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_without_edns_gets_no_opt_record()
    {
        var dig = await _server.DigAsync("small.service.consul", "A", "+noedns");

        Assert.DoesNotContain("OPT PSEUDOSECTION", dig.Output, StringComparison.Ordinal);
        Assert.Single(dig.Answer);
    }

    [Fact]
    public async Task An_unknown_edns_version_is_answered_badvers()
    {
        var dig = await _server.DigAsync("small.service.consul", "A", "+edns=1", "+noednsnegotiation");

        Assert.Equal("BADVERS", dig.Status);
        Assert.Empty(dig.Answer);
    }

    [Fact]
    public async Task Dig_retries_a_truncated_answer_over_tcp_and_gets_every_instance()
    {
        var ignoring = await _server.DigAsync("big.service.consul", "SRV", "+ignore");
        var retried = await _server.DigAsync("big.service.consul", "SRV");
        var tcp = await _server.DigAsync("big.service.consul", "SRV", "+tcp");

        Assert.Contains("tc", ignoring.Flags);
        Assert.Contains(";; Truncated, retrying in TCP mode.", retried.Output, StringComparison.Ordinal);
        Assert.Equal(Instances, retried.Answer.Count);
        Assert.Equal(Instances, tcp.Answer.Count);
        Assert.Equal(Instances, tcp.Additional.Count(r => r[3] == "A"));
        Assert.Equal(Enumerable.Range(10_000, Instances), tcp.Answer.Select(r => int.Parse(r[6], System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task DnsClient_falls_back_to_tcp_and_resolves_every_target_including_ones_past_the_compression_range()
    {
        var response = await _server.Client().QueryAsync("big.service.consul", QueryType.SRV);
        var tcpOnly = await _server.Client(tcpOnly: true).QueryAsync("big.service.consul", QueryType.SRV);

        foreach (var r in new[] { response, tcpOnly })
        {
            Assert.False(r.Header.ResultTruncated);
            var srv = r.Answers.SrvRecords().ToList();
            Assert.Equal(Instances, srv.Count);
            var addresses = r.Additionals.ARecords().ToDictionary(a => a.DomainName.Value, a => a.Address.ToString());
            Assert.Equal(Instances, addresses.Count);
            Assert.All(srv, s => Assert.StartsWith("10.2.", addresses[s.Target.Value], StringComparison.Ordinal));
        }
    }
}
