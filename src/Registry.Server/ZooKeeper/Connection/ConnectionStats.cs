using System.Net;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>What cons and stat print for one connection.</summary>
public sealed class ConnectionStats(EndPoint? remote, long establishedMs)
{
    private long _received;
    private long _sent;
    private int _queued;

    public EndPoint? Remote { get; } = remote;

    public long EstablishedMs { get; } = establishedMs;

    public LatencyStats Latency { get; } = new();

    public long SessionId { get; set; }

    public int TimeoutMs { get; set; }

    public string LastOperation { get; set; } = "NA";

    public int LastCxid { get; set; } = -1;

    public long LastZxid { get; set; } = -1;

    public long LastResponseMs { get; set; }

    public long LastLatencyMs { get; set; }

    public long Received => Interlocked.Read(ref _received);

    public long Sent => Interlocked.Read(ref _sent);

    public int Queued => Volatile.Read(ref _queued);

    public void OnReceived()
    {
        Interlocked.Increment(ref _received);
        Interlocked.Increment(ref _queued);
    }

    public void OnSent(bool answersRequest)
    {
        Interlocked.Increment(ref _sent);
        if (answersRequest)
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>crst.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _sent, 0);
        Latency.Reset();
    }
}
