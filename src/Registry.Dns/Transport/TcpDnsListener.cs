using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Registry.Dns.Answers;

namespace Registry.Dns.Transport;

/// <summary>
/// DNS over TCP (RFC 1035 section 4.2.2, RFC 7766): two-byte length-prefixed messages, several queries per
/// connection answered in order, idle connections closed, the number of connections bounded. Responses are
/// never truncated here; this is where clients come after a truncated UDP answer.
/// </summary>
internal sealed partial class TcpDnsListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly DnsResponder _responder;
    private readonly RecursorForwarder? _forwarder;
    private readonly int _maxConnections;
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _acceptLoop;

    public TcpDnsListener(IPEndPoint endPoint, DnsResponder responder, RecursorForwarder? forwarder, int maxConnections, TimeSpan idleTimeout, ILogger logger)
    {
        _responder = responder;
        _forwarder = forwarder;
        _maxConnections = maxConnections;
        _idleTimeout = idleTimeout;
        _logger = logger;
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                _listener.DualMode = true;
            }
            _listener.Bind(endPoint);
            _listener.Listen(512);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.SocketErrorCode);
                continue;
            }
            if (_connections.Count >= _maxConnections)
            {
                client.Dispose();
                continue;
            }
            // The connection is registered before it runs, so its own removal can never come first.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[client] = ServeAsync(client, registered.Task, token);
            registered.SetResult();
        }
    }

    private async Task ServeAsync(Socket client, Task registered, CancellationToken stopping)
    {
        await registered;
        var request = ArrayPool<byte>.Shared.Rent(2 + ushort.MaxValue);
        var response = ArrayPool<byte>.Shared.Rent(2 + DnsResponder.MaxTcpResponse);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            client.NoDelay = true;
            var scratch = DnsResponder.CreateScratch();
            while (true)
            {
                idle.CancelAfter(_idleTimeout);
                if (!await client.ReceiveExactlyAsync(request.AsMemory(0, 2), idle.Token))
                {
                    break;
                }
                var length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (length == 0 || !await client.ReceiveExactlyAsync(request.AsMemory(0, length), idle.Token))
                {
                    break;
                }
                var written = _responder.Respond(request.AsSpan(0, length), response.AsSpan(2), overUdp: false, scratch);
                if (written == DnsResponder.ForwardToRecursor)
                {
                    written = await _forwarder!.ForwardAsync(request.AsMemory(0, length), response.AsMemory(2), overTcp: true, stopping);
                    if (written == 0)
                    {
                        written = DnsResponder.ServerFailure(request.AsSpan(0, length), response.AsSpan(2));
                    }
                }
                if (written == 0)
                {
                    // Nothing sensible to say (not a query at all): the stream cannot be trusted any more.
                    break;
                }
                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)written);
                await client.SendAsync(response.AsMemory(0, 2 + written), SocketFlags.None, idle.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Idle timeout, shutdown or the peer going away: just close.
        }
        catch (Exception e)
        {
            LogQueryFailed(_logger, e);
        }
        finally
        {
            client.Dispose();
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
            _connections.TryRemove(client, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS TCP accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "DNS query over TCP could not be answered")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception);
}
