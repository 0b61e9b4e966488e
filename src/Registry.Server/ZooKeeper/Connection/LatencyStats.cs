namespace Registry.Server.ZooKeeper.Connection;

/// <summary>Request latency min/avg/max in milliseconds, as the four-letter words print it.</summary>
public sealed class LatencyStats
{
    private readonly Lock _lock = new();
    private long _min = long.MaxValue;
    private long _max;
    private long _total;
    private long _count;

    public void Add(long milliseconds)
    {
        lock (_lock)
        {
            _min = Math.Min(_min, milliseconds);
            _max = Math.Max(_max, milliseconds);
            _total += milliseconds;
            _count++;
        }
    }

    public (long Min, double Avg, long Max) Snapshot()
    {
        lock (_lock)
        {
            return _count == 0 ? (0, 0, 0) : (_min, (double)_total / _count, _max);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _min = long.MaxValue;
            _max = _total = _count = 0;
        }
    }
}
