using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Registry.Dns.Transport;

/// <summary>
/// Relays queries for names outside our domains to the configured recursors, in order, each within its timeout,
/// through ARSoft.Tools.Net's client (UDP, retried over TCP when the recursor truncates). At most
/// <see cref="MaxInFlight"/> forwards run at once, so a flood cannot exhaust sockets.
/// </summary>
internal sealed class RecursorForwarder(IReadOnlyList<IPEndPoint> recursors, TimeSpan timeout)
{
    public const int MaxInFlight = 256;

    private readonly DnsClient[] _clients = [.. recursors.Select(r => new DnsClient(
        [r.Address],
        [new UdpClientTransport(r.Port), new TcpClientTransport(r.Port)],
        disposeTransport: true,
        queryTimeout: (int)timeout.TotalMilliseconds))];

    private int _inFlight;

    /// <summary>The first recursor's response to <paramref name="query"/>'s question; null when none answered.</summary>
    public async Task<DnsMessage?> ForwardAsync(DnsMessage query, CancellationToken stopping)
    {
        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return null;
        }
        try
        {
            foreach (var client in _clients)
            {
                // A fresh message per attempt: the client stamps its own transaction ID on what it sends.
                var forwarded = new DnsMessage { IsRecursionDesired = query.IsRecursionDesired, IsCheckingDisabled = query.IsCheckingDisabled };
                forwarded.Questions.AddRange(query.Questions);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                deadline.CancelAfter(timeout);
                try
                {
                    if (await client.SendMessageAsync(forwarded, deadline.Token) is { } response)
                    {
                        return response;
                    }
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // This recursor is slow: try the next.
                }
            }
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
