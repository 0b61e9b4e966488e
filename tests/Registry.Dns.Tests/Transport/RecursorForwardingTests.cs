using System.Net;
using System.Net.Sockets;
using DnsClient;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

/// <summary>Names outside our domains forwarded to configured recursors (here: a second responder for <c>example.</c>).</summary>
public sealed class RecursorForwardingTests : IAsyncLifetime
{
    private readonly TestDnsServer _upstream = new(o => o.Domain = "example.");

    // Never reads: a recursor that does not answer over UDP (and refuses TCP: nothing listens there).
    private readonly Socket _silent = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public Task InitializeAsync()
    {
        _upstream.Catalog.Add("web", "web-1", "10.9.0.1", 80);
        _silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _silent.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Out_of_zone_queries_are_answered_by_the_first_recursor_that_replies_over_udp_and_tcp()
    {
        await using var server = new TestDnsServer(o =>
        {
            o.Recursors.Add(_silent.LocalEndPoint!.ToString()!);
            o.Recursors.Add(_upstream.EndPoint.ToString());
            // Long enough for the answering recursor (a server in this process) on a loaded machine.
            o.RecursorTimeout = TimeSpan.FromSeconds(1);
        });
        server.Catalog.Add("local", "local-1", "10.8.0.1", 80);

        var udp = await server.Client().QueryAsync("web.service.example", QueryType.A);
        var tcp = await server.Client(tcpOnly: true).QueryAsync("WEB.service.example", QueryType.SRV);
        var local = await server.Client().QueryAsync("local.service.consul", QueryType.A);

        Assert.Equal("10.9.0.1", Assert.Single(udp.Answers.ARecords()).Address.ToString());
        Assert.Equal("web.service.example.", Assert.Single(udp.Answers).DomainName.Value);
        Assert.Equal("WEB.service.example.", Assert.Single(tcp.Answers.SrvRecords()).DomainName.Value);
        Assert.Equal("10.8.0.1", Assert.Single(local.Answers.ARecords()).Address.ToString());
    }

    [Fact]
    public async Task Without_an_answering_recursor_the_query_fails_with_servfail()
    {
        await using var server = new TestDnsServer(o =>
        {
            o.Recursors.Add(_silent.LocalEndPoint!.ToString()!);
            o.RecursorTimeout = TimeSpan.FromMilliseconds(200);
        });

        var udp = await server.DigAsync("web.service.example", "A");
        var tcp = await server.DigAsync("web.service.example", "A", "+tcp");

        Assert.Equal("SERVFAIL", udp.Status);
        Assert.Equal("SERVFAIL", tcp.Status);
        Assert.Equal("web.service.example.\t\tIN\tA", Assert.Single(udp.Question));
    }
}
