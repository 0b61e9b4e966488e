namespace Registry.Server.ZooKeeper.Connection;

/// <summary>Counters of the ZooKeeper front door for srvr, stat and mntr (ZooKeeper's ServerStats).</summary>
public sealed class ServerStats(TimeProvider time)
{
    private long _received;
    private long _sent;
    private long _authFailed;
    private long _lastResponseSize = -1;
    private long _minResponseSize = -1;
    private long _maxResponseSize = -1;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public LatencyStats Latency { get; } = new();

    public long PacketsReceived => Interlocked.Read(ref _received);

    public long PacketsSent => Interlocked.Read(ref _sent);

    public long AuthFailed => Interlocked.Read(ref _authFailed);

    public (long Last, long Min, long Max) ResponseSizes => (Interlocked.Read(ref _lastResponseSize), Interlocked.Read(ref _minResponseSize), Interlocked.Read(ref _maxResponseSize));

    public void Received() => Interlocked.Increment(ref _received);

    public void AuthFailure() => Interlocked.Increment(ref _authFailed);

    public void Sent(int responseBytes)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Exchange(ref _lastResponseSize, responseBytes);
        if (Interlocked.Read(ref _minResponseSize) is var min && (min < 0 || responseBytes < min))
        {
            Interlocked.Exchange(ref _minResponseSize, responseBytes);
        }

        if (responseBytes > Interlocked.Read(ref _maxResponseSize))
        {
            Interlocked.Exchange(ref _maxResponseSize, responseBytes);
        }
    }

    /// <summary>srst: counters back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _lastResponseSize, -1);
        Interlocked.Exchange(ref _minResponseSize, -1);
        Interlocked.Exchange(ref _maxResponseSize, -1);
        Latency.Reset();
    }
}
