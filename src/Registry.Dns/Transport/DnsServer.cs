using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Registry.Dns.Answers;
using Registry.Dns.Options;

namespace Registry.Dns.Transport;

/// <summary>The responder on its UDP and TCP listeners, which always share one port.</summary>
internal sealed class DnsServer : IAsyncDisposable
{
    private const int EphemeralAttempts = 20;

    private readonly UdpDnsListener _udp;
    private readonly TcpDnsListener _tcp;

    private DnsServer(UdpDnsListener udp, TcpDnsListener tcp)
    {
        _udp = udp;
        _tcp = tcp;
    }

    public IPEndPoint LocalEndPoint => _udp.LocalEndPoint;

    /// <summary>
    /// Listens on <paramref name="endPoint"/>; port 0 takes a free port that is free for both UDP and TCP
    /// (retrying when another process holds the TCP side of the port the system picked for UDP).
    /// </summary>
    public static DnsServer Start(IPEndPoint endPoint, DnsResponder responder, DnsOptions options, ILogger logger)
    {
        var loops = options.UdpReceiveLoops > 0 ? options.UdpReceiveLoops : Math.Max(2, Environment.ProcessorCount);
        var recursors = RecursorList.Parse(options.Recursors);
        var forwarder = recursors.Count > 0 ? new RecursorForwarder(recursors, options.RecursorTimeout) : null;
        for (var attempt = 1; ; attempt++)
        {
            var udp = new UdpDnsListener(endPoint, responder, forwarder, loops, logger);
            try
            {
                var tcp = new TcpDnsListener(udp.LocalEndPoint, responder, forwarder, options.MaxTcpConnections, options.TcpIdleTimeout, logger);
                return new DnsServer(udp, tcp);
            }
            catch (SocketException e) when (endPoint.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < EphemeralAttempts)
            {
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _udp.DisposeAsync();
        await _tcp.DisposeAsync();
    }
}
