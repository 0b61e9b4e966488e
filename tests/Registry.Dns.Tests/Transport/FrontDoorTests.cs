using System.Buffers.Binary;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

/// <summary>
/// What the front door adds around ARSoft.Tools.Net's server: whole UDP datagrams (ARSoft's UDP transport reads
/// 512 bytes), and one response frame at a time on a TCP connection whose queries ARSoft answers concurrently.
/// </summary>
public sealed class FrontDoorTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = new();

    public Task InitializeAsync()
    {
        _server.Catalog.Add("web", "web-1", "10.0.0.7", 8080);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_udp_query_longer_than_512_bytes_is_answered()
    {
        // An OPT record carrying 700 bytes of EDNS padding (option 12, RFC 7830).
        var query = RawDns.Query(3, "web.service.consul", 1, (4096, 0));
        var padding = new byte[4 + 700];
        BinaryPrimitives.WriteUInt16BigEndian(padding, 12);
        BinaryPrimitives.WriteUInt16BigEndian(padding.AsSpan(2), 700);
        byte[] padded = [.. query, .. padding];
        BinaryPrimitives.WriteUInt16BigEndian(padded.AsSpan(query.Length - 2), (ushort)padding.Length);
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var response = DnsMessage.Parse(await peer.ExchangeAsync(padded));

        Assert.True(padded.Length > 512);
        Assert.Equal(3, response.TransactionID);
        Assert.Equal(ReturnCode.NoError, response.ReturnCode);
        Assert.Equal("10.0.0.7", Assert.IsType<ARecord>(Assert.Single(response.AnswerRecords)).Address.ToString());
    }

    [Fact]
    public async Task Pipelined_tcp_queries_are_each_answered_in_a_whole_frame()
    {
        const int Queries = 50;
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_server.EndPoint);
        var stream = new List<byte>();
        for (ushort id = 1; id <= Queries; id++)
        {
            var query = RawDns.Query(id, id % 2 == 0 ? "web.service.consul" : "consul", id % 2 == 0 ? (ushort)1 : (ushort)6);
            stream.AddRange([(byte)(query.Length >> 8), (byte)query.Length, .. query]);
        }
        await client.SendAsync(stream.ToArray());

        using var reader = new NetworkStream(client);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ids = new List<int>();
        for (var i = 0; i < Queries; i++)
        {
            var prefix = new byte[2];
            await reader.ReadExactlyAsync(prefix, deadline.Token);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await reader.ReadExactlyAsync(message, deadline.Token);
            var response = DnsMessage.Parse(message);
            Assert.Equal(ReturnCode.NoError, response.ReturnCode);
            Assert.Single(response.AnswerRecords);
            Assert.Equal(response.TransactionID % 2 == 0 ? RecordType.A : RecordType.Soa, response.AnswerRecords[0].RecordType);
            ids.Add(response.TransactionID);
        }

        Assert.Equal(Enumerable.Range(1, Queries), ids.Order());
    }

    /// <summary>
    /// ARSoft starts its accept loops as thread-pool tasks tied to its stop token; a server stopped before the pool
    /// ran them (a short-lived one, a busy machine) must still stop without an error. Its ARSoft wait used to throw
    /// then, failing whichever short test had just answered over UDP alone.
    /// </summary>
    [Fact]
    public async Task A_server_stopped_as_soon_as_it_started_stops_cleanly()
    {
        for (var i = 0; i < 200; i++)
        {
            var server = new TestDnsServer();
            await server.DisposeAsync();
        }
    }
}
