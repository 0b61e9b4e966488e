using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Registry.Dns.Answers;

namespace Registry.Dns.Transport;

/// <summary>
/// Serves DNS over one UDP socket with several receive loops, each owning its buffers, peer address and
/// responder scratch, so the steady state allocates nothing: <c>ReceiveFromAsync</c> into a reused
/// <see cref="SocketAddress"/>, respond in place, and a synchronous <c>SendTo</c> (a datagram send does not block).
/// </summary>
internal sealed partial class UdpDnsListener : IAsyncDisposable
{
    /// <summary>The largest UDP payload, so no datagram is ever silently cut.</summary>
    private const int ReceiveBufferSize = 65_535;

    private const int SocketBufferSize = 4 << 20;

    private readonly Socket _socket;
    private readonly DnsResponder _responder;
    private readonly RecursorForwarder? _forwarder;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;

    public UdpDnsListener(IPEndPoint endPoint, DnsResponder responder, RecursorForwarder? forwarder, int loops, ILogger logger)
    {
        _responder = responder;
        _forwarder = forwarder;
        _logger = logger;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }
            // Room to absorb bursts while every loop is busy (the kernel caps it at net.core.rmem_max).
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
        _loops = new Task[loops];
        for (var i = 0; i < loops; i++)
        {
            _loops[i] = Task.Run(ReceiveLoopAsync);
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var receive = new byte[ReceiveBufferSize];
        var send = new byte[_responder.MaxUdpResponse];
        var peer = new SocketAddress(_socket.AddressFamily);
        var scratch = DnsResponder.CreateScratch();
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                // No token: a registration per receive costs on the hot path, and disposing the socket ends a pending one.
                received = await _socket.ReceiveFromAsync(receive, SocketFlags.None, peer, CancellationToken.None);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                // A peer's ICMP error surfacing on the socket must not stop the loop.
                LogReceiveFailed(_logger, e.SocketErrorCode);
                continue;
            }
            try
            {
                var length = _responder.Respond(receive.AsSpan(0, received), send, overUdp: true, scratch);
                if (length == DnsResponder.ForwardToRecursor)
                {
                    _ = ForwardAsync(receive.AsSpan(0, received).ToArray(), Copy(peer));
                }
                else if (length > 0)
                {
                    _socket.SendTo(send.AsSpan(0, length), SocketFlags.None, peer);
                }
            }
            catch (SocketException e)
            {
                LogSendFailed(_logger, e.SocketErrorCode);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (Exception e)
            {
                // A bug answering one query must not take the responder down; the query goes unanswered.
                LogQueryFailed(_logger, e);
            }
        }
    }

    /// <summary>Off the receive loop: relays the recursor's answer, or SERVFAIL when none answered.</summary>
    private async Task ForwardAsync(byte[] query, SocketAddress peer)
    {
        try
        {
            var response = new byte[ReceiveBufferSize];
            var length = await _forwarder!.ForwardAsync(query, response, overTcp: false, _stopping.Token);
            if (length == 0)
            {
                length = DnsResponder.ServerFailure(query, response);
            }
            await _socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, peer, _stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Shutting down, or the client is gone.
        }
        catch (Exception e)
        {
            LogQueryFailed(_logger, e);
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS UDP receive failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS UDP send failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "DNS query could not be answered")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception);
}
