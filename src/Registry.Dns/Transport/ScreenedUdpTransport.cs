using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Wire;

namespace Registry.Dns.Transport;

/// <summary>
/// The UDP side of the ARSoft.Tools.Net server. ARSoft's own UDP transport reads datagrams into a 514-byte buffer
/// (cutting larger queries) and drops any whose question it cannot parse before a server hook sees it, so this
/// transport owns the socket: it receives whole datagrams, answers or drops what <see cref="QueryScreen"/> rejects,
/// and hands the rest to ARSoft's pipeline (parse, <c>QueryReceived</c>, encode, truncate to the response's
/// payload size) as one-message connections whose response goes out on the same socket.
/// </summary>
internal sealed class ScreenedUdpTransport : IServerTransport, IDisposable
{
    /// <summary>The largest UDP payload, so no datagram is ever silently cut.</summary>
    private const int ReceiveBufferSize = 65_535;

    private const int SocketBufferSize = 4 << 20;

    private readonly Socket _socket;
    private readonly IPEndPoint _anyPeer;
    private readonly byte[] _receive = new byte[ReceiveBufferSize];

    public ScreenedUdpTransport(IPEndPoint endPoint)
    {
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }
            // Room to absorb bursts while the server is busy (the kernel caps it at net.core.rmem_max).
            _socket.ReceiveBufferSize = SocketBufferSize;
            _socket.SendBufferSize = SocketBufferSize;
            _socket.Bind(endPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _anyPeer = new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
    }

    /// <summary>Bound on construction, so a port 0 request is resolved before the TCP side binds the same port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    public ushort DefaultAllowedResponseSize => 512;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => true;

    public TransportProtocol TransportProtocol => TransportProtocol.Udp;

    public void Bind()
    {
        // Bound in the constructor.
    }

    public void Close() => _socket.Close();

    public void Dispose() => _socket.Dispose();

    /// <summary>The next datagram that passes the screen; null once the server stops. ARSoft calls this from one loop.</summary>
    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_receive, SocketFlags.None, _anyPeer, token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException)
            {
                // A peer's ICMP error surfacing on the socket must not stop the server.
                continue;
            }
            var peer = (IPEndPoint)received.RemoteEndPoint;
            var message = new ArraySegment<byte>(_receive, 0, received.ReceivedBytes);
            switch (QueryScreen.Check(message, out var reply))
            {
                case ScreenVerdict.Drop:
                    continue;
                case ScreenVerdict.Reply:
                    Send(reply.AsSpan(2), peer);
                    continue;
            }
            var package = new byte[2 + message.Count];
            message.AsSpan().CopyTo(package.AsSpan(2));
            BinaryPrimitives.WriteUInt16BigEndian(package, (ushort)message.Count);
            if (Receive(package, peer) is { } connection)
            {
                return connection;
            }
        }
        return null;
    }

    /// <summary>
    /// The datagram as ARSoft's package, which reads the question on construction. The screen has checked that
    /// question already; should ARSoft still throw, the datagram is dropped: an exception escaping
    /// <see cref="AcceptConnectionAsync"/> would end the process (ARSoft's accept loop is <c>async void</c>).
    /// </summary>
    private Connection? Receive(byte[] package, IPEndPoint peer)
    {
        try
        {
            var remote = new PeerEndPoint(peer, slots: 1);
            return new Connection(this, new DnsReceivedRawPackage(package, remote, LocalEndPoint), remote);
        }
#pragma warning disable CA1031 // See the summary.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>A datagram send does not block: sent synchronously, it costs no task.</summary>
    private bool Send(ReadOnlySpan<byte> datagram, IPEndPoint peer)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, peer) == datagram.Length;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>One query datagram and its one response, which goes back to its pool once sent.</summary>
    private sealed class Connection(ScreenedUdpTransport transport, DnsReceivedRawPackage query, PeerEndPoint remote) : IServerConnection
    {
        private int _read;

        public IServerTransport Transport => transport;

        public IPEndPoint RemoteEndPoint => remote;

        public IPEndPoint LocalEndPoint => query.LocalEndpoint;

        public bool CanRead => Volatile.Read(ref _read) == 0;

        public Task<bool> InitializeAsync(CancellationToken token = default) => Task.FromResult(true);

        public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default) =>
            Task.FromResult(Interlocked.Exchange(ref _read, 1) == 0 ? query : null);

        public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
        {
            var sent = transport.Send(package.ToArraySegment(includeLengthHeader: false), remote);
            remote.Release(package);
            return Task.FromResult(sent);
        }

        public void Dispose()
        {
            // The socket is the transport's.
        }
    }
}
