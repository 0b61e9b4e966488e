using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Registry.Server.Ensemble.Configuration;

namespace Registry.Server.Ensemble.Transport;

/// <summary>
/// TCP links between the servers of an ensemble. Each pair shares ONE connection, dialed by the server with the
/// larger id (ZooKeeper's rule) to the smaller id's quorum port, and carrying every message of the pair (election
/// and broadcast), so that the core sees one FIFO link per peer and cutting the dialer's path cuts all traffic of
/// the pair. The server listens on both ports of its own entry and accepts a dialer on either. A dialer reconnects
/// with seeded exponential backoff; a new connection from a peer replaces the old one.
/// </summary>
internal sealed class PeerTransport : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly PeerList _peers;
    private readonly int _selfId;
    private readonly IPeerEventSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<long, Slot> _slots;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();

    public PeerTransport(PeerList peers, int selfId, IPeerEventSink sink, TimeProvider time, ILogger logger)
    {
        _peers = peers;
        _selfId = selfId;
        _sink = sink;
        _time = time;
        _logger = logger;
        _slots = peers.Entries.Where(e => e.Id != selfId).ToDictionary(e => (long)e.Id, _ => new Slot());
    }

    /// <summary>Binds both ports of this server's entry (throws if they are taken) and starts accepting and dialing.</summary>
    public void Start()
    {
        var self = _peers[_selfId];
        var address = Resolve(self.Host);
        foreach (var port in new[] { self.QuorumPort, self.ElectionPort })
        {
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(address, port));
                listener.Listen(64);
            }
            catch (SocketException e)
            {
                listener.Dispose();
                throw new IOException($"cannot listen for peers on {address}:{port}: {e.Message}", e);
            }

            _listeners.Add(listener);
            _loops.Add(AcceptLoopAsync(listener));
        }

        foreach (var peer in _peers.Entries.Where(e => e.Id < _selfId))
        {
            _loops.Add(DialLoopAsync(peer));
        }

        _logger.LogInformation("Listening for ensemble peers on {Address}:{Quorum} and :{Election}", address, self.QuorumPort, self.ElectionPort);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var slot in _slots.Values)
        {
            lock (slot)
            {
                slot.Current?.Close();
            }
        }

        await Task.WhenAll(_loops);
        await Task.WhenAll(_slots.Values.Select(s => s.Gate.WaitAsync()));
        _stopping.Dispose();
    }

    private static IPAddress Resolve(string host) =>
        IPAddress.TryParse(host, out var address) ? address : Dns.GetHostAddresses(host).First(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = AcceptAsync(socket);
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var handshake = new byte[PeerHandshake.Length];
        long? peer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(HandshakeTimeout);
            var received = 0;
            while (received < handshake.Length)
            {
                var n = await socket.ReceiveAsync(handshake.AsMemory(received), SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received += n;
            }

            peer = received == handshake.Length ? PeerHandshake.Decode(handshake) : null;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }

        // Only the larger id dials; anything else is a misconfigured or foreign client.
        if (peer is not { } id || id <= _selfId || !_slots.ContainsKey(id))
        {
            _logger.LogWarning("Refused a peer connection from {Remote}: not a server with a larger id in Registry:Peers", socket.RemoteEndPoint);
            socket.Dispose();
            return;
        }

        await RunLinkAsync(id, socket);
    }

    private async Task DialLoopAsync(PeerEntry peer)
    {
        var backoff = new ReconnectBackoff(HashCode.Combine(_selfId, peer.Id));
        while (!_stopping.IsCancellationRequested)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(peer.Host, peer.QuorumPort, timeout.Token);
                await socket.SendAsync(PeerHandshake.Encode(_selfId), SocketFlags.None, timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                socket.Dispose();
                await DelayAsync(backoff.Next());
                continue;
            }

            backoff.Reset();
            await RunLinkAsync(peer.Id, socket);
            await DelayAsync(backoff.Next());
        }
    }

    /// <summary>Replaces the peer's connection, then reports the new one once the old one's reports are done.</summary>
    private async Task RunLinkAsync(long peer, Socket socket)
    {
        socket.NoDelay = true;
        var slot = _slots[peer];
        var connection = new PeerConnection(peer, socket, _logger);
        PeerConnection? previous;
        lock (slot)
        {
            previous = slot.Current;
            slot.Current = connection;
        }

        previous?.Close();
        await slot.Gate.WaitAsync();
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                connection.Close();
                return;
            }

            _logger.LogInformation("Connected to server {Peer}", peer);
            _sink.Connected(peer, connection);
            try
            {
                await connection.RunAsync(_sink);
            }
            finally
            {
                _sink.Disconnected(peer, connection);
                _logger.LogInformation("Disconnected from server {Peer}", peer);
            }
        }
        finally
        {
            lock (slot)
            {
                if (slot.Current == connection)
                {
                    slot.Current = null;
                }
            }

            slot.Gate.Release();
        }
    }

    private async Task DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public PeerConnection? Current { get; set; }
    }
}
