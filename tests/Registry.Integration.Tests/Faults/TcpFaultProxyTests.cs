using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.Integration.Tests.Faults;

/// <summary>The fault proxy against plain sockets: an echo target that records what reached it.</summary>
public sealed class TcpFaultProxyTests : IAsyncLifetime
{
    private readonly EchoServer _target = new();
    private TcpFaultProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = TcpFaultProxy.Start(_target.EndPoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Forwards_both_ways()
    {
        using var client = await ConnectAsync();
        Assert.Equal("hello", await EchoAsync(client, "hello"));
        Assert.Equal("again", await EchoAsync(client, "again"));
        Assert.Equal(1, _proxy.ConnectionsToTarget);
    }

    [Fact]
    public async Task A_target_that_resets_closes_the_idle_client_side_too()
    {
        // A killed process resets its connections; a peer that never sends on the link must still learn of it.
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        await using var proxy = TcpFaultProxy.Start((IPEndPoint)target.LocalEndpoint);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        using (var accepted = await target.AcceptSocketAsync())
        {
            accepted.LingerState = new LingerOption(true, 0);
        }

        Assert.True(await IsClosedAsync(client), "the idle client side must be closed");
    }

    [Fact]
    public async Task Refuse_resets_open_connections_and_new_ones_until_healed()
    {
        using var open = await ConnectAsync();
        Assert.Equal("before", await EchoAsync(open, "before"));

        _proxy.Partition(LinkState.Refuse);
        Assert.True(await IsClosedAsync(open), "the open connection must be reset");
        Assert.True(await IsRefusedAsync(_proxy.Port), "a new connection must be reset");

        _proxy.Heal();
        using var healed = await ConnectAsync();
        Assert.Equal("after", await EchoAsync(healed, "after"));
        Assert.Equal(2, _proxy.ConnectionsToTarget);
    }

    [Fact]
    public async Task Blackhole_discards_silently_and_heal_resets_the_silenced_connections()
    {
        using var open = await ConnectAsync();
        Assert.Equal("before", await EchoAsync(open, "before"));

        _proxy.Partition(LinkState.Blackhole);
        await open.GetStream().WriteAsync("lost"u8.ToArray());
        using var silenced = await ConnectAsync();
        await silenced.GetStream().WriteAsync("never"u8.ToArray());

        _proxy.Heal();
        Assert.True(await IsClosedAsync(open), "a connection that lost bytes must be reset on heal");
        Assert.True(await IsClosedAsync(silenced), "a connection accepted into the blackhole must be reset on heal");
        using var healed = await ConnectAsync();
        Assert.Equal("after", await EchoAsync(healed, "after"));

        // The target saw exactly the two forwarded connections, and none of the discarded bytes.
        await _target.WaitForClosedAsync(1);
        Assert.Equal(2, _proxy.ConnectionsToTarget);
        Assert.Equal("before", _target.ReceivedOnClosed.Single());
    }

    [Fact]
    public async Task Delay_holds_every_chunk_back()
    {
        _proxy.Delay = TimeSpan.FromMilliseconds(150);
        using var client = await ConnectAsync();
        var watch = Stopwatch.StartNew();
        Assert.Equal("slow", await EchoAsync(client, "slow"));

        // Once on the way there, once on the way back.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"round trip took only {watch.Elapsed}");
        _proxy.Delay = TimeSpan.Zero;
        Assert.Equal("fast", await EchoAsync(client, "fast"));
    }

    [Fact]
    public async Task A_target_that_is_down_looks_like_a_reset()
    {
        await using var proxy = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, ServerProcess.FreePort()));
        Assert.True(await IsRefusedAsync(proxy.Port));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, _proxy.Port);
        return client;
    }

    private static async Task<string> EchoAsync(TcpClient client, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        var answer = new byte[bytes.Length];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(answer, timeout.Token);
        return Encoding.ASCII.GetString(answer);
    }

    /// <summary>True when a new connection is reset, whether during the handshake or right after it.</summary>
    private static async Task<bool> IsRefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
        }
        catch (SocketException)
        {
            return true;
        }

        return await IsClosedAsync(client);
    }

    /// <summary>True when the peer closed or reset the connection (reading ends instead of blocking).</summary>
    private static async Task<bool> IsClosedAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Echoes every connection back and records, per connection that has closed, everything it received.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _closed = [];
        private readonly SemaphoreSlim _closedSignal = new(0);
        private readonly Task _loop;

        public EchoServer()
        {
            _listener.Start();
            _loop = AcceptAsync();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public IReadOnlyList<string> ReceivedOnClosed
        {
            get
            {
                lock (_closed)
                {
                    return [.. _closed];
                }
            }
        }

        public async Task WaitForClosedAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _closedSignal.WaitAsync(TimeSpan.FromSeconds(10)), "the target connection was not closed");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
            _closedSignal.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _ = EchoAsync(await _listener.AcceptSocketAsync(_stop.Token));
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        private async Task EchoAsync(Socket socket)
        {
            var received = new StringBuilder();
            var buffer = new byte[1024];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer, _stop.Token)) > 0)
                {
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    await socket.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                socket.Dispose();
                lock (_closed)
                {
                    _closed.Add(received.ToString());
                }

                _closedSignal.Release();
            }
        }
    }
}
