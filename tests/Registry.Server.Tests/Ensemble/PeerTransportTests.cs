using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Server.Ensemble.Configuration;
using Registry.Server.Ensemble.Transport;
using Registry.Zab.Protocol.Codec;
using Registry.Zab.Protocol.Messages;

namespace Registry.Server.Tests.Ensemble;

/// <summary>Two transports on real loopback sockets: handshake, framing, one connection per pair, reconnect.</summary>
public sealed class PeerTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly PeerList _peers = PeerList.Parse(string.Create(CultureInfo.InvariantCulture, $"1=127.0.0.1:{FreePort()}:{FreePort()},2=127.0.0.1:{FreePort()}:{FreePort()}"), 1);
    private readonly RecordingSink _one = new();
    private readonly RecordingSink _two = new();
    private PeerTransport _transportOne = null!;
    private PeerTransport _transportTwo = null!;

    public Task InitializeAsync()
    {
        _transportOne = new PeerTransport(_peers, 1, _one, TimeProvider.System, NullLogger.Instance);
        _transportTwo = new PeerTransport(_peers, 2, _two, TimeProvider.System, NullLogger.Instance);
        _transportOne.Start();
        _transportTwo.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _transportOne.DisposeAsync();
        await _transportTwo.DisposeAsync();
    }

    [Fact]
    public async Task Frames_flow_both_ways_in_order_on_the_connection_the_larger_id_dialed()
    {
        var atOne = await _one.NextAsync<Connected>();
        var atTwo = await _two.NextAsync<Connected>();
        Assert.Equal((2L, 1L), (atOne.Peer, atTwo.Peer));

        for (var i = 1; i <= 100; i++)
        {
            atOne.Connection.Send(ZabFrameCodec.Encode(1, new Commit(i)));
        }

        atTwo.Connection.Send(ZabFrameCodec.Encode(2, new Ack(42)));
        for (var i = 1; i <= 100; i++)
        {
            var frame = await _two.NextAsync<Frame>();
            var decoded = ZabFrameCodec.Decode(frame.Bytes, FrameDecodeContext.AnySender);
            Assert.Equal((FrameDecodeStatus.Complete, 1L), (decoded.Status, decoded.Sender));
            Assert.Equal(new Commit(i), decoded.Message);
        }

        var ack = ZabFrameCodec.Decode((await _one.NextAsync<Frame>()).Bytes, FrameDecodeContext.AnySender);
        Assert.Equal(new Ack(42), ack.Message);
    }

    [Fact]
    public async Task A_broken_connection_is_reported_on_both_sides_before_the_redialed_one()
    {
        var first = await _one.NextAsync<Connected>();
        await _two.NextAsync<Connected>();

        first.Connection.Close();

        Assert.Same(first.Connection, (await _one.NextAsync<Disconnected>()).Connection);
        await _two.NextAsync<Disconnected>();
        var second = await _one.NextAsync<Connected>();
        Assert.NotSame(first.Connection, second.Connection);
        var redialed = await _two.NextAsync<Connected>();
        redialed.Connection.Send(ZabFrameCodec.Encode(2, new Ack(7)));
        Assert.Equal(new Ack(7), ZabFrameCodec.Decode((await _one.NextAsync<Frame>()).Bytes, FrameDecodeContext.AnySender).Message);
    }

    [Fact]
    public async Task A_connection_without_a_valid_handshake_is_refused()
    {
        await _one.NextAsync<Connected>();
        using var stranger = new TcpClient();
        await stranger.ConnectAsync(IPAddress.Loopback, _peers[1].ElectionPort);
        await stranger.GetStream().WriteAsync(new byte[12]);

        // The server closes it: the read ends without data instead of waiting.
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal(0, await stranger.GetStream().ReadAsync(buffer, timeout.Token));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private abstract record Event(PeerConnection Connection);

    private sealed record Connected(long Peer, PeerConnection Connection) : Event(Connection);

    private sealed record Frame(PeerConnection Connection, byte[] Bytes) : Event(Connection);

    private sealed record Disconnected(PeerConnection Connection) : Event(Connection);

    private sealed class RecordingSink : IPeerEventSink
    {
        private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();

        public void Connected(long peer, PeerConnection connection) => _events.Writer.TryWrite(new Connected(peer, connection));

        public void Received(long peer, PeerConnection connection, byte[] frame) => _events.Writer.TryWrite(new Frame(connection, frame));

        public void Disconnected(long peer, PeerConnection connection) => _events.Writer.TryWrite(new Disconnected(connection));

        public async Task<T> NextAsync<T>()
            where T : Event
        {
            using var timeout = new CancellationTokenSource(Deadline);
            var next = await _events.Reader.ReadAsync(timeout.Token);
            return next as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {next}");
        }
    }
}
