using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Registry.Integration.Tests.Faults;

/// <summary>What a <see cref="TcpFaultProxy"/> does with traffic.</summary>
public enum LinkState
{
    /// <summary>Bytes flow both ways (after the configured delay).</summary>
    Forward,

    /// <summary>Connections are reset: open ones at once, new ones as soon as they are accepted (a crashed or firewalled peer).</summary>
    Refuse,

    /// <summary>Connections stay open but every byte is discarded, so only timeouts reveal the fault (a silent network partition).</summary>
    Blackhole,
}

/// <summary>
/// A real TCP proxy on a loopback port in front of one target: one instance per directed peer link and peer port,
/// so that a test can cut, silence or slow exactly the traffic of server i towards server j.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private volatile LinkState _state = LinkState.Forward;
    private long _delayTicks;
    private int _connectedToTarget;

    private TcpFaultProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public LinkState State => _state;

    /// <summary>Connections this proxy has opened to its target so far (a blackholed or refused connection never opens one).</summary>
    public int ConnectionsToTarget => Volatile.Read(ref _connectedToTarget);

    /// <summary>Added before each chunk is forwarded, in both directions; order is preserved.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public static TcpFaultProxy Start(IPEndPoint target) => new(target);

    /// <summary>Cuts the link. Open connections are reset (<see cref="LinkState.Refuse"/>) or silenced (<see cref="LinkState.Blackhole"/>).</summary>
    public void Partition(LinkState how = LinkState.Blackhole)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(how, LinkState.Forward);
        _state = how;
        if (how == LinkState.Refuse)
        {
            AbortAll();
        }
    }

    /// <summary>
    /// Restores forwarding. Connections that lived through a blackhole lost bytes mid-stream, so they are reset
    /// and the endpoints reconnect, as they would after a real partition outlasting TCP's retransmissions.
    /// </summary>
    public void Heal()
    {
        var wasCut = _state != LinkState.Forward;
        _state = LinkState.Forward;
        if (wasCut)
        {
            AbortAll();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        AbortAll();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var state = _state;
        if (state == LinkState.Refuse)
        {
            Reset(client);
            return;
        }

        client.NoDelay = true;
        var link = new Link(client);
        _links[link] = 0;
        try
        {
            if (_state != state)
            {
                return; // Partitioned or healed while this connection was being accepted: reset it like the others.
            }

            if (state == LinkState.Blackhole)
            {
                await DiscardAsync(client);
                return;
            }

            try
            {
                await link.Upstream.ConnectAsync(_target, _stop.Token);
                Interlocked.Increment(ref _connectedToTarget);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return; // The target is down: the dialler sees its connection reset, as with a direct dial.
            }

            // Once either direction ends (a close, or a reset such as a killed process's), the link is over: closing
            // both ends tells the other side, which may be idle and would otherwise never learn of it.
            var pumps = new[] { PumpAsync(client, link.Upstream), PumpAsync(link.Upstream, client) };
            await Task.WhenAny(pumps);
            link.Abort();
            await Task.WhenAll(pumps);
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Abort();
        }
    }

    /// <summary>Copies one direction until either side closes; discards while the link is blackholed.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var delay = Delay;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _stop.Token);
                }

                if (_state == LinkState.Forward)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either end went away or the link was reset: ServeAsync closes both ends.
        }
    }

    private async Task DiscardAsync(Socket client)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await client.ReceiveAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void AbortAll()
    {
        foreach (var link in _links.Keys)
        {
            link.Abort();
        }
    }

    /// <summary>Closes with RST rather than FIN, so the peer sees "connection reset" like a refused or crashed host.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    /// <summary>One proxied connection: the accepted socket and the one dialled to the target.</summary>
    private sealed class Link(Socket client)
    {
        private int _aborted;

        public Socket Client { get; } = client;

        public Socket Upstream { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        public void Abort()
        {
            if (Interlocked.Exchange(ref _aborted, 1) == 0)
            {
                Reset(Client);
                Reset(Upstream);
            }
        }
    }
}
