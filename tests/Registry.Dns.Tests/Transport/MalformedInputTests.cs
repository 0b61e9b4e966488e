using System.Buffers.Binary;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Transport;

/// <summary>
/// Hostile and broken input, over UDP and TCP: the server answers FORMERR (or NOTIMP) to what has a readable
/// header, stays silent for what does not or is itself a response, never crashes, and keeps answering
/// correctly. Every response is decoded by ARSoft.Tools.Net, a codec independent of ours.
/// </summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private const int Seed = 20_260_125;

    private readonly TestDnsServer _server = new(o => o.TcpIdleTimeout = TimeSpan.FromMilliseconds(300));

    public Task InitializeAsync()
    {
        _server.Catalog.Add("web", "web-1", "10.0.0.7", 8080);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Random_and_mutated_datagrams_get_formerr_or_silence_and_the_server_keeps_answering()
    {
        var random = new Random(Seed);
        var valid = RawDns.Query(0, "web.service.consul", 1, (4096, 0));
        using var peer = new RawDns.UdpPeer(_server.EndPoint);
        for (var i = 0; i < 1500; i++)
        {
            var packet = Malformed(random, valid, i);
            var probeId = (ushort)(i | 0x8000);
            await peer.SendAsync(packet);
            await peer.SendAsync(WithId(valid, probeId));

            // Queries are answered concurrently, so the two responses may come back in either order; the probe's
            // ID (high bit set) tells them apart.
            var first = await peer.ReceiveAsync();
            var silent = packet.Length < 12 || (packet[2] & 0x80) != 0;
            if (!silent)
            {
                var second = await peer.ReceiveAsync();
                var response = RawDns.Id(first) == probeId ? second : first;
                first = RawDns.Id(first) == probeId ? first : second;
                var context = $"seed {Seed}, packet {i}: {Convert.ToHexString(packet.AsSpan(0, Math.Min(packet.Length, 64)))}";
                Assert.True(RawDns.Id(response) == RawDns.Id(packet), context);
                Assert.True((RawDns.Flags(response) & 0x8000) != 0, context);
                Assert.True(RawDns.ResponseCode(response) is 0 or 1 or 3 or 4 or 5, context);
                Assert.True(DnsMessage.Parse(response) is not null, context);
            }
            AssertProbeAnswered(first, probeId);
        }
    }

    [Theory]
    [InlineData("0001 0100 0002 0000 0000 0000 03776562 00 0001 0001")]
    [InlineData("0001 0100 0001 0000 0000 0000 c00c 0001 0001")]
    [InlineData("0001 0100 0001 0000 0000 0000 4177656200 0001 0001")]
    [InlineData("0001 0100 0001 0000 0000 0000 03776562")]
    [InlineData("0001 0100 0001 0000 0000 0002 03776562 00 0001 0001 00 0029 1000 00000000 0000 00 0029 1000 00000000 0000")]
    [InlineData("0001 0100 0001 0000 0000 0001 03776562 00 0001 0001 00 0029 1000 00000000 0010 0000")]
    [InlineData("0001 0100 0001 0000 0000 0000 03776562 00 0029 0001")]
    [InlineData("0001 0100 0001 ffff ffff ffff 03776562 00 0001 0001")]
    public async Task Structurally_invalid_queries_are_formerr(string hex)
    {
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var response = await peer.ExchangeAsync(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));

        Assert.Equal(1, RawDns.Id(response));
        Assert.Equal(1, RawDns.ResponseCode(response));
    }

    [Fact]
    public async Task A_name_longer_than_255_octets_is_formerr()
    {
        var labels = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var response = await peer.ExchangeAsync(RawDns.Query(9, labels, 1));

        Assert.Equal(1, RawDns.ResponseCode(response));
    }

    [Fact]
    public async Task Other_opcodes_are_notimp()
    {
        var notify = RawDns.Query(5, "consul", 6);
        notify[2] = 0x20; // opcode 4 (NOTIFY)
        using var peer = new RawDns.UdpPeer(_server.EndPoint);

        var response = await peer.ExchangeAsync(notify);

        Assert.Equal(5, RawDns.Id(response));
        Assert.Equal(4, RawDns.ResponseCode(response));
    }

    [Fact]
    public async Task Garbage_on_tcp_streams_is_answered_or_closed_and_tcp_keeps_answering()
    {
        var random = new Random(Seed + 1);
        var valid = RawDns.Query(0, "web.service.consul", 1);
        for (var i = 0; i < 60; i++)
        {
            using var client = await ConnectAsync();
            var packet = Malformed(random, valid, i);
            var length = i % 3 == 0 ? 65_535 : Math.Min(packet.Length, 65_535);
            var framed = new byte[2 + Math.Min(packet.Length, length)];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)length);
            packet.AsSpan(0, framed.Length - 2).CopyTo(framed.AsSpan(2));
            await client.SendAsync(framed);
            if (length == framed.Length - 2)
            {
                var response = await ReadFramedAsync(client);
                Assert.True(response is null || DnsMessage.Parse(response) is not null, $"seed {Seed + 1}, stream {i}");
            }
            client.Shutdown(SocketShutdown.Send);
        }

        using var healthy = await ConnectAsync();
        for (ushort id = 1; id <= 3; id++)
        {
            await healthy.SendAsync(Framed(WithId(valid, id)));
            AssertProbeAnswered(await ReadFramedAsync(healthy) ?? [], id);
        }
    }

    [Fact]
    public async Task An_idle_tcp_connection_is_closed_by_the_server()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(new byte[] { 0 });

        Assert.Null(await ReadFramedAsync(client));
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_and_served_again_once_one_closes()
    {
        await using var server = new TestDnsServer(o => o.MaxTcpConnections = 1);
        server.Catalog.Add("web", "web-1", "10.0.0.7", 8080);
        var query = Framed(WithId(RawDns.Query(0, "web.service.consul", 1), 1));
        var first = await ConnectAsync(server);
        await first.SendAsync(query);
        AssertProbeAnswered(await ReadFramedAsync(first) ?? [], 1);

        using (var second = await ConnectAsync(server))
        {
            await second.SendAsync(query);
            Assert.Null(await ReadFramedAsync(second));
        }
        first.Dispose();

        // The server notices the close on its own schedule: retry, bounded, until a new connection is served.
        byte[]? answer = null;
        for (var attempt = 0; attempt < 100 && answer is null; attempt++)
        {
            using var next = await ConnectAsync(server);
            await next.SendAsync(query);
            answer = await ReadFramedAsync(next);
        }
        AssertProbeAnswered(answer ?? [], 1);
    }

    private static byte[] Malformed(Random random, byte[] valid, int i)
    {
        byte[] packet;
        switch (i % 8)
        {
            case 0:
                packet = new byte[random.Next(0, 40)];
                random.NextBytes(packet);
                break;
            case 1:
                packet = new byte[random.Next(12, 700)];
                random.NextBytes(packet);
                packet[2] &= 0x7F;
                break;
            case 2:
                packet = valid[..random.Next(1, valid.Length)];
                break;
            case 3:
                packet = (byte[])valid.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                }
                break;
            case 4:
                var junk = new byte[random.Next(1, 300)];
                random.NextBytes(junk);
                packet = [.. valid, .. junk];
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)random.Next(0, 0x10000));
                break;
            case 5:
                packet = new byte[random.Next(9_000, 60_000)];
                random.NextBytes(packet);
                valid.CopyTo(packet, 0);
                break;
            case 6:
                packet = (byte[])valid.Clone();
                packet[12] = (byte)random.Next(64, 256);
                break;
            default:
                packet = new byte[random.Next(12, 64)];
                random.NextBytes(packet);
                packet[2] |= 0x80;
                break;
        }
        if (packet.Length >= 2)
        {
            // Malformed packets never carry a probe's ID (high bit set), so the two cannot be confused.
            packet[0] &= 0x7F;
        }
        return packet;
    }

    private static void AssertProbeAnswered(byte[] response, ushort id)
    {
        Assert.Equal(id, RawDns.Id(response));
        var message = DnsMessage.Parse(response);
        Assert.Equal(ReturnCode.NoError, message.ReturnCode);
        Assert.Equal("10.0.0.7", Assert.IsType<ARecord>(Assert.Single(message.AnswerRecords)).Address.ToString());
    }

    private static byte[] WithId(byte[] query, ushort id)
    {
        var copy = (byte[])query.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy, id);
        return copy;
    }

    private static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    private Task<Socket> ConnectAsync() => ConnectAsync(_server);

    private static async Task<Socket> ConnectAsync(TestDnsServer server)
    {
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.EndPoint);
        return client;
    }

    /// <summary>One length-prefixed message, or null when the server closed the connection instead.</summary>
    private static async Task<byte[]?> ReadFramedAsync(Socket client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var prefix = new byte[2];
        if (!await ReadExactlyAsync(client, prefix, deadline.Token))
        {
            return null;
        }
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadExactlyAsync(client, message, deadline.Token) ? message : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket client, Memory<byte> buffer, CancellationToken token)
    {
        while (!buffer.IsEmpty)
        {
            int read;
            try
            {
                read = await client.ReceiveAsync(buffer, SocketFlags.None, token);
            }
            catch (SocketException)
            {
                return false;
            }
            if (read == 0)
            {
                return false;
            }
            buffer = buffer[read..];
        }
        return true;
    }
}
