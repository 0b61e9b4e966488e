using System.Diagnostics;
using System.Numerics;

namespace Registry.Bench.Reporting;

/// <summary>
/// An HDR-style log-linear histogram of latencies in microseconds: exact below 2.048 ms and within
/// 0.1 % above, in fixed memory however long the run. Shared by all clients; recording is three
/// interlocked operations, cheap next to an HTTP round trip, and avoids a per-client copy to merge.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 11;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int HalfCount = SubBucketCount / 2;

    /// <summary>About 19 hours; anything longer is clamped (the exact maximum is kept separately).</summary>
    private const int HighestBit = 36;

    private static readonly double MicrosPerTimestampTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[SubBucketCount + ((HighestBit - SubBucketBits) * HalfCount)];
    private long _count;
    private long _sum;
    private long _max;

    public LatencyHistogram(string name) => Name = name;

    public string Name { get; }

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void RecordElapsed(long startTimestamp, long endTimestamp) =>
        Record((long)((endTimestamp - startTimestamp) * MicrosPerTimestampTick));

    public void Record(long micros)
    {
        var value = Math.Clamp(micros, 0, (1L << HighestBit) - 1);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        var max = Volatile.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Summarises the recorded values; call once the recording clients have stopped.</summary>
    public LatencySummary Summarise()
    {
        if (_count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }

        return new LatencySummary(
            Count: _count,
            P50: ValueAt(0.50),
            P90: ValueAt(0.90),
            P99: ValueAt(0.99),
            P999: ValueAt(0.999),
            Max: _max / 1000.0,
            Mean: _sum / (double)_count / 1000.0);
    }

    /// <summary>The quantile in milliseconds, as the highest value its bucket can hold (never above the true maximum).</summary>
    private double ValueAt(double quantile)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * _count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestValueIn(i), _max) / 1000.0;
            }
        }

        return _max / 1000.0;
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        // Above the linear range each power of two is split into HalfCount equal buckets.
        var shift = BitOperations.Log2((ulong)value) - (SubBucketBits - 1);
        return SubBucketCount + ((shift - 1) * HalfCount) + (int)((value >> shift) - HalfCount);
    }

    internal static long HighestValueIn(int index)
    {
        if (index < SubBucketCount)
        {
            return index;
        }

        var offset = index - SubBucketCount;
        var shift = (offset / HalfCount) + 1;
        var mantissa = (long)(offset % HalfCount) + HalfCount;
        return ((mantissa + 1) << shift) - 1;
    }
}

/// <summary>Latency figures in milliseconds over <see cref="Count"/> successful operations.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean);
