using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

/// <summary>
/// Responses come from a pool and go back to it once sent, over real UDP and TCP sockets: a reused message starts
/// clean, and no message is returned while ARSoft may still encode it.
/// </summary>
public sealed class PooledResponseTests
{
    private const ushort A = 1;
    private const ushort Srv = 33;
    private const int BigInstances = 500;
    private const int Services = 40;

    private const ushort Qr = 0x8000;
    private const ushort Aa = 0x0400;
    private const ushort Tc = 0x0200;
    private const ushort Rd = 0x0100;

    [Fact]
    public async Task A_reused_message_carries_nothing_from_its_previous_answers()
    {
        var pool = new WatchedPool(poison: false);
        await using var server = new TestDnsServer(pool: pool);
        Fill(server.Catalog);
        using var udp = new RawDns.UdpPeer(server.EndPoint);

        var truncated = await udp.ExchangeAsync(RawDns.Query(101, "big.service.consul", Srv, (1232, 0)));
        AssertHeader(truncated, 101, Qr | Aa | Tc | Rd, questions: 1, authority: 0, additional: 1);
        Assert.True(truncated.Length <= 1232, $"{truncated.Length} bytes");
        Assert.InRange(RawDns.Count(truncated, 1), 1, BigInstances - 1);
        AssertEdns(truncated, 1232, dnssecOk: false);
        await pool.WaitForReturnsAsync(1);

        var nxdomain = await udp.ExchangeAsync(RawDns.Query(102, "missing.service.consul", A));
        AssertHeader(nxdomain, 102, Qr | Aa | Rd | 3, questions: 1, answers: 0, authority: 1, additional: 0);
        Assert.Equal("consul.", Assert.IsType<SoaRecord>(Assert.Single(Parse(nxdomain).AuthorityRecords)).Name.ToString());
        await pool.WaitForReturnsAsync(1);

        using (var tcp = await RawDns.TcpPeer.ConnectAsync(server.EndPoint))
        {
            await tcp.SendAsync(RawDns.Query(103, "big.service.consul", Srv, (4096, 0)));
            var whole = await tcp.ReceiveAsync();
            AssertHeader(whole, 103, Qr | Aa | Rd, questions: 1, answers: BigInstances, authority: 0, additional: BigInstances + 1);
            AssertEdns(whole, 4096, dnssecOk: false);
        }
        await pool.WaitForReturnsAsync(1);

        var badVersion = await udp.ExchangeAsync(RawDns.Query(104, "small.service.consul", A, (4096, 1)));
        AssertHeader(badVersion, 104, Qr | Rd, questions: 1, answers: 0, authority: 0, additional: 1);
        Assert.Equal(ReturnCode.BadVersion, Parse(badVersion).ReturnCode);
        await pool.WaitForReturnsAsync(1);

        var plain = await udp.ExchangeAsync(RawDns.Query(105, "small.service.consul", A));
        AssertHeader(plain, 105, Qr | Aa | Rd, questions: 1, answers: 1, authority: 0, additional: 0);
        AssertAddress(plain, "small.service.consul", "10.3.0.1");
        await pool.WaitForReturnsAsync(1);

        var dnssecOk = await udp.ExchangeAsync(RawDns.Query(106, "small.service.consul", A, (512, 0), dnssecOk: true));
        AssertHeader(dnssecOk, 106, Qr | Aa | Rd, questions: 1, answers: 1, authority: 0, additional: 1);
        AssertEdns(dnssecOk, 512, dnssecOk: true);
        await pool.WaitForReturnsAsync(1);

        var edns = await udp.ExchangeAsync(RawDns.Query(107, "small.service.consul", A, (4096, 0)));
        AssertHeader(edns, 107, Qr | Aa | Rd, questions: 1, answers: 1, authority: 0, additional: 1);
        AssertEdns(edns, 4096, dnssecOk: false);
        AssertAddress(edns, "small.service.consul", "10.3.0.1");
        await pool.WaitForReturnsAsync(1);

        Assert.Equal(1, pool.Created);
    }

    /// <summary>
    /// Poisoning, the pool corrupts each message the moment it comes back and never hands it out again: an answer
    /// returned before ARSoft's last encoding of it (before truncation, say) would go out corrupted. Every answer
    /// must also come back, or the check would prove nothing. Reusing, the pool hands out the messages just returned.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Parallel_udp_and_pipelined_tcp_queries_each_get_their_own_answer(bool poison)
    {
        var pool = new WatchedPool(poison);
        await using var server = new TestDnsServer(pool: pool);
        Fill(server.Catalog);
        const int udpClients = 4, udpQueries = 60, tcpClients = 4, tcpConnections = 3, pipelined = 16;

        var udp = Enumerable.Range(0, udpClients).Select(c => Task.Run(async () =>
        {
            using var peer = new RawDns.UdpPeer(server.EndPoint);
            for (var q = 0; q < udpQueries; q++)
            {
                var id = (ushort)((c * 1000) + q);
                var (name, type) = Question(id);
                var response = await peer.ExchangeAsync(RawDns.Query(id, name, type, q % 2 == 0 ? (4096, 0) : null));
                AssertAnswer(response, id, name, type, truncatable: true);
            }
        }));
        var tcp = Enumerable.Range(0, tcpClients).Select(c => Task.Run(async () =>
        {
            for (var n = 0; n < tcpConnections; n++)
            {
                // A connection holds at most 16 pooled responses in flight: more pipelined ones would be answered unpooled.
                using var peer = await RawDns.TcpPeer.ConnectAsync(server.EndPoint);
                var ids = Enumerable.Range(0, pipelined).Select(q => (ushort)(10_000 + (c * 1000) + (n * 100) + q)).ToList();
                await peer.SendAsync([.. ids.Select(id => RawDns.Query(id, Question(id).Name, Question(id).Type, (4096, 0)))]);
                var answered = new HashSet<ushort>();
                for (var q = 0; q < pipelined; q++)
                {
                    var response = await peer.ReceiveAsync();
                    var id = RawDns.Id(response);
                    Assert.True(answered.Add(id), $"a second answer for {id}");
                    var (name, type) = Question(id);
                    AssertAnswer(response, id, name, type, truncatable: false);
                }
                Assert.Equal(ids.Order(), answered.Order());
            }
        }));
        await Task.WhenAll([.. udp, .. tcp]);

        const int total = (udpClients * udpQueries) + (tcpClients * tcpConnections * pipelined);
        await pool.WaitForReturnsAsync(total);
        Assert.Equal(total, pool.Returns);
        Assert.True(poison ? pool.Created == total : pool.Created < total, $"{pool.Created} messages for {total} answers");
    }

    private static void Fill(FakeCatalog catalog)
    {
        for (var i = 0; i < BigInstances; i++)
        {
            catalog.Add("big", $"big-{i}", $"10.2.{i / 250}.{(i % 250) + 1}", 10_000 + i);
        }
        catalog.Add("small", "small-1", "10.3.0.1", 80);
        for (var i = 0; i < Services; i++)
        {
            catalog.Add($"svc-{i}", $"svc-{i}-1", $"10.9.0.{i + 1}", 9000 + i);
        }
    }

    /// <summary>What query <paramref name="id"/> asks: mostly a distinct service's address, every seventh the large SRV set.</summary>
    private static (string Name, ushort Type) Question(ushort id) =>
        id % 7 == 3 ? ("big.service.consul", Srv) : ($"svc-{id % Services}.service.consul", A);

    private static void AssertAnswer(byte[] response, ushort id, string name, ushort type, bool truncatable)
    {
        var message = Parse(response);
        Assert.Equal(id, message.TransactionID);
        Assert.Equal(ReturnCode.NoError, message.ReturnCode);
        var question = Assert.Single(message.Questions);
        Assert.Equal(name, question.Name.ToString().TrimEnd('.'));
        Assert.Equal((RecordType)type, question.RecordType);
        if (type == A)
        {
            AssertAddress(response, name, $"10.9.0.{(id % Services) + 1}");
            return;
        }
        Assert.Equal(truncatable && message.IsTruncated, message.IsTruncated);
        Assert.All(message.AnswerRecords, r => Assert.Equal(name, Assert.IsType<SrvRecord>(r).Name.ToString().TrimEnd('.')));
        Assert.Equal(message.IsTruncated ? message.AnswerRecords.Count : BigInstances, message.AnswerRecords.Select(r => ((SrvRecord)r).Port).Distinct().Count());
        if (!message.IsTruncated)
        {
            Assert.Equal(BigInstances, message.AnswerRecords.Count);
        }
    }

    private static void AssertHeader(byte[] response, ushort id, int flags, int questions, int? answers = null, int authority = 0, int additional = 0)
    {
        Assert.Equal(id, RawDns.Id(response));
        Assert.Equal((ushort)flags, RawDns.Flags(response));
        Assert.Equal(questions, RawDns.Count(response, 0));
        if (answers is { } count)
        {
            Assert.Equal(count, RawDns.Count(response, 1));
        }
        Assert.Equal(authority, RawDns.Count(response, 2));
        Assert.Equal(additional, RawDns.Count(response, 3));
    }

    private static void AssertEdns(byte[] response, ushort payload, bool dnssecOk)
    {
        var opt = Parse(response).EDnsOptions;
        Assert.NotNull(opt);
        Assert.Equal(payload, opt.UdpPayloadSize);
        Assert.Equal(dnssecOk, opt.IsDnsSecOk);
        Assert.Equal(0, opt.Version);
        Assert.Empty(opt.Options);
    }

    private static void AssertAddress(byte[] response, string name, string address)
    {
        var record = Assert.IsType<ARecord>(Assert.Single(Parse(response).AnswerRecords));
        Assert.Equal(DomainName.Parse(name), record.Name);
        Assert.Equal(IPAddress.Parse(address), record.Address);
    }

    private static DnsMessage Parse(byte[] response) => DnsMessage.Parse(response);
}
