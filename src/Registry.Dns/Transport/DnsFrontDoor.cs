using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Registry.Dns.Answers;
using Registry.Dns.Options;

namespace Registry.Dns.Transport;

/// <summary>
/// The responder served by ARSoft.Tools.Net's <see cref="DnsServer"/> on UDP and TCP, which always share one
/// port: ARSoft parses each query, raises <c>QueryReceived</c> (answered by <see cref="DnsResponder"/>, or relayed
/// to a recursor), encodes the response and truncates it for UDP. Responses are pooled: each is linked to the
/// connection it answers (<see cref="PeerEndPoint"/>), which returns it once sent.
/// </summary>
internal sealed partial class DnsFrontDoor : IAsyncDisposable
{
    private const int EphemeralAttempts = 20;

    private readonly DnsServer _server;
    private readonly ScreenedUdpTransport _udp;
    private readonly ScreenedTcpTransport _tcp;
    private readonly DnsResponder _responder;
    private readonly RecursorForwarder? _forwarder;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    private DnsFrontDoor(ScreenedUdpTransport udp, ScreenedTcpTransport tcp, DnsResponder responder, RecursorForwarder? forwarder, ILogger logger)
    {
        _server = new DnsServer(udp, tcp);
        _udp = udp;
        _tcp = tcp;
        LocalEndPoint = udp.LocalEndPoint;
        _responder = responder;
        _forwarder = forwarder;
        _logger = logger;
        _server.QueryReceived += OnQueryReceivedAsync;
        _server.ExceptionThrown += OnExceptionThrownAsync;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Listens on <paramref name="endPoint"/>; port 0 takes a free port that is free for both UDP and TCP
    /// (retrying when another process holds the TCP side of the port the system picked for UDP).
    /// </summary>
    public static DnsFrontDoor Start(IPEndPoint endPoint, DnsResponder responder, DnsOptions options, ILogger logger)
    {
        var recursors = RecursorList.Parse(options.Recursors);
        var forwarder = recursors.Count > 0 ? new RecursorForwarder(recursors, options.RecursorTimeout) : null;
        var idle = (int)options.TcpIdleTimeout.TotalMilliseconds;
        for (var attempt = 1; ; attempt++)
        {
            var udp = new ScreenedUdpTransport(endPoint);
            var tcp = new ScreenedTcpTransport(new TcpServerTransport(udp.LocalEndPoint, idle, idle), options.MaxTcpConnections);
            var frontDoor = new DnsFrontDoor(udp, tcp, responder, forwarder, logger);
            try
            {
                frontDoor._server.Start();
                return frontDoor;
            }
            catch (SocketException e) when (endPoint.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < EphemeralAttempts)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            _server.Stop();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is TaskCanceledException))
        {
            // ARSoft runs each transport's accept loop as a thread-pool task started with its stop token. Stopped
            // before the pool ran one (a short-lived server, a busy machine), its wait reports that loop cancelled,
            // though there was nothing to stop, and skips closing the transports, which happens below anyway.
        }
        _udp.Dispose();
        _tcp.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return;
        }
        var response = _responder.Answer(query)
            ?? _responder.Relay(query, await _forwarder!.ForwardAsync(query, _stopping.Token));
        // Our connections' peers return the response to its pool once sent; any other peer leaves it to the GC.
        (e.RemoteEndpoint as PeerEndPoint)?.Hold(response);
        e.Response = response;
    }

    private Task OnExceptionThrownAsync(object sender, ExceptionEventArgs e)
    {
        LogServerException(_logger, e.Exception);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS server exception")]
    private static partial void LogServerException(ILogger logger, Exception exception);
}
