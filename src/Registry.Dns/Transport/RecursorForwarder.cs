using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Registry.Dns.Transport;

/// <summary>
/// Relays queries for names outside our domains to the configured recursors, in order, each within its
/// timeout, over the transport the client used (a UDP client that gets TC retries over TCP, and is then
/// forwarded over TCP). The relayed response is the recursor's, byte for byte. At most
/// <see cref="MaxInFlight"/> forwards run at once, so a flood cannot exhaust sockets.
/// </summary>
internal sealed class RecursorForwarder(IReadOnlyList<IPEndPoint> recursors, TimeSpan timeout)
{
    public const int MaxInFlight = 256;

    private int _inFlight;

    /// <summary>Writes the first matching response into <paramref name="response"/>; 0 when no recursor answered.</summary>
    public async Task<int> ForwardAsync(ReadOnlyMemory<byte> query, Memory<byte> response, bool overTcp, CancellationToken stopping)
    {
        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return 0;
        }
        try
        {
            foreach (var recursor in recursors)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                deadline.CancelAfter(timeout);
                try
                {
                    var length = overTcp
                        ? await ExchangeTcpAsync(recursor, query, response, deadline.Token)
                        : await ExchangeUdpAsync(recursor, query, response, deadline.Token);
                    if (length > 0)
                    {
                        return length;
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException && !stopping.IsCancellationRequested)
                {
                    // This recursor is down or slow: try the next.
                }
            }
            return 0;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task<int> ExchangeUdpAsync(IPEndPoint recursor, ReadOnlyMemory<byte> query, Memory<byte> response, CancellationToken token)
    {
        using var socket = new Socket(recursor.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(recursor, token);
        await socket.SendAsync(query, SocketFlags.None, token);
        while (true)
        {
            var length = await socket.ReceiveAsync(response, SocketFlags.None, token);
            if (Answers(query.Span, response.Span[..length]))
            {
                return length;
            }
        }
    }

    private static async Task<int> ExchangeTcpAsync(IPEndPoint recursor, ReadOnlyMemory<byte> query, Memory<byte> response, CancellationToken token)
    {
        using var socket = new Socket(recursor.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(recursor, token);
        var framed = new byte[2 + query.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed.AsMemory(2));
        await socket.SendAsync(framed, SocketFlags.None, token);
        var prefix = new byte[2];
        if (!await socket.ReceiveExactlyAsync(prefix, token))
        {
            return 0;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (length > response.Length || !await socket.ReceiveExactlyAsync(response[..length], token))
        {
            return 0;
        }
        return Answers(query.Span, response.Span[..length]) ? length : 0;
    }

    /// <summary>A response to this query: same ID, QR set (anything else on the socket is ignored).</summary>
    private static bool Answers(ReadOnlySpan<byte> query, ReadOnlySpan<byte> response) =>
        response.Length >= 12 && response[0] == query[0] && response[1] == query[1] && (response[2] & 0x80) != 0;
}
