using System.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Wire;

namespace Registry.Dns.Transport;

/// <summary>
/// ARSoft.Tools.Net's TCP transport (RFC 7766 framing, idle timeout) with what it lacks around it: a bound on
/// open connections (further ones are closed on accept), every message screened by <see cref="QueryScreen"/>,
/// responses written one at a time (ARSoft answers a connection's queries concurrently) and each returned to its
/// pool once written (<see cref="PeerEndPoint"/>), and the connection
/// closed once the client has closed or idled out and every answer is written (ARSoft leaves such a socket open).
/// </summary>
internal sealed class ScreenedTcpTransport(TcpServerTransport inner, int maxConnections) : IServerTransport, IDisposable
{
    private int _open;

    public ushort DefaultAllowedResponseSize => inner.DefaultAllowedResponseSize;

    public bool SupportsMultipleResponses => inner.SupportsMultipleResponses;

    public bool AllowTruncatedResponses => inner.AllowTruncatedResponses;

    public TransportProtocol TransportProtocol => inner.TransportProtocol;

    public void Bind() => inner.Bind();

    public void Close() => inner.Close();

    public void Dispose() => inner.Dispose();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        var connection = await inner.AcceptConnectionAsync(token);
        if (connection is null)
        {
            return null;
        }
        if (Interlocked.Increment(ref _open) > maxConnections)
        {
            Interlocked.Decrement(ref _open);
            connection.Dispose();
            return null;
        }
        return new Connection(this, connection);
    }

    private sealed class Connection(ScreenedTcpTransport transport, IServerConnection inner) : IServerConnection
    {
        /// <summary>Pipelined responses of one connection that can be in flight and still go back to their pool.</summary>
        private const int PooledInFlight = 16;

        private readonly SemaphoreSlim _writing = new(1, 1);
        private PeerEndPoint? _peer;

        /// <summary>Queries handed to the server and not yet answered; -1 once closed.</summary>
        private int _pending;
        private volatile bool _ended;

        public IServerTransport Transport => transport;

        /// <summary>
        /// Made on first use, which is ARSoft's, inside its own error handling: reading the socket's address here
        /// on accept could throw out of ARSoft's accept loop, which would end the process.
        /// </summary>
        public IPEndPoint RemoteEndPoint
        {
            get
            {
                var peer = Volatile.Read(ref _peer);
                if (peer is null)
                {
                    var made = new PeerEndPoint(inner.RemoteEndPoint, PooledInFlight);
                    peer = Interlocked.CompareExchange(ref _peer, made, null) ?? made;
                }
                return peer;
            }
        }

        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

        public bool CanRead => !_ended && inner.CanRead;

        public Task<bool> InitializeAsync(CancellationToken token = default) => inner.InitializeAsync(token);

        public async Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
        {
            while (true)
            {
                var package = await inner.ReceiveAsync(token);
                var verdict = ScreenVerdict.Drop;
                var reply = Array.Empty<byte>();
                if (package is not null)
                {
                    verdict = QueryScreen.Check(package.ToArraySegment(includeLengthHeader: false), out reply);
                }
                switch (verdict)
                {
                    case ScreenVerdict.Pass:
                        Interlocked.Increment(ref _pending);
                        return package;
                    case ScreenVerdict.Reply:
                        await WriteAsync(new DnsRawPackage(reply), token);
                        continue;
                    default:
                        // End of stream, idle timeout, or nothing sensible to say: the stream cannot be trusted any more.
                        _ended = true;
                        if (Interlocked.CompareExchange(ref _pending, -1, 0) == 0)
                        {
                            CloseNow();
                        }
                        return null;
                }
            }
        }

        public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
        {
            bool sent;
            try
            {
                sent = await WriteAsync(package, token);
            }
            finally
            {
                Volatile.Read(ref _peer)?.Release(package);
            }
            if (Interlocked.Decrement(ref _pending) == 0 && _ended && Interlocked.CompareExchange(ref _pending, -1, 0) == 0)
            {
                CloseNow();
            }
            return sent;
        }

        public void Dispose()
        {
            // ARSoft disposes a connection only when a signed exchange ends it; closing is ours (see ReceiveAsync).
        }

        private async Task<bool> WriteAsync(DnsRawPackage package, CancellationToken token)
        {
            await _writing.WaitAsync(token);
            try
            {
                return await inner.SendAsync(package, token);
            }
            finally
            {
                _writing.Release();
            }
        }

        private void CloseNow()
        {
            inner.Dispose();
            Interlocked.Decrement(ref transport._open);
        }
    }
}
