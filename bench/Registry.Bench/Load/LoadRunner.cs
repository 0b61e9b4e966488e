using System.Diagnostics;
using Registry.Bench.Reporting;
using Registry.Bench.Transport;
using Registry.Bench.Workloads;

namespace Registry.Bench.Load;

internal enum StopReason
{
    Duration,
    MaxRequests,
    Interrupted,
}

/// <summary>What the measured window produced: operations are counted whole, a failed register cycle once.</summary>
internal sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, StopReason StoppedBy);

/// <summary>
/// Runs one closed loop per client: each issues an operation as soon as its previous one ends, so
/// the clients count is exactly the number of operations in flight. Operations that start during
/// the warmup are neither timed nor counted. A loop ends at the deadline, when the run's budget of
/// measured operations is spent, or on interrupt; a request in flight then finishes or times out.
/// </summary>
internal sealed class LoadRunner(IWorkload workload, LatencyHistogram latency, TimeSpan warmup, TimeSpan duration, long maxRequests)
{
    private long _measureFrom;
    private long _deadline;
    private long _issued;

    public async Task<LoadResult> RunAsync(IReadOnlyList<VirtualClient> clients, CancellationToken interrupt)
    {
        var start = Stopwatch.GetTimestamp();
        _measureFrom = start + ToTimestampTicks(warmup);
        _deadline = _measureFrom + ToTimestampTicks(duration);
        var loops = await Task.WhenAll(clients.Select(client => Task.Run(() => LoopAsync(client, interrupt))));

        var lastEnd = loops.Max(l => l.LastEnd);
        var elapsed = lastEnd > _measureFrom ? Stopwatch.GetElapsedTime(_measureFrom, lastEnd) : TimeSpan.Zero;
        var stoppedBy = Interlocked.Read(ref _issued) > maxRequests ? StopReason.MaxRequests
            : interrupt.IsCancellationRequested ? StopReason.Interrupted
            : StopReason.Duration;
        return new LoadResult(loops.Sum(l => l.Succeeded), loops.Sum(l => l.Failed), elapsed, stoppedBy);
    }

    private async Task<LoopTally> LoopAsync(VirtualClient client, CancellationToken interrupt)
    {
        long succeeded = 0, failed = 0, lastEnd = 0;
        while (!interrupt.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= _deadline)
            {
                break;
            }

            var measured = start >= _measureFrom;
            if (measured && Interlocked.Increment(ref _issued) > maxRequests)
            {
                break;
            }

            client.Phase = measured ? Phase.Measured : Phase.Warmup;
            var ok = await workload.ExecuteAsync(client);
            if (!measured)
            {
                continue;
            }

            lastEnd = Stopwatch.GetTimestamp();
            if (ok)
            {
                succeeded++;
                latency.RecordElapsed(start, lastEnd);
            }
            else
            {
                failed++;
            }
        }

        return new LoopTally(succeeded, failed, lastEnd);
    }

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private readonly record struct LoopTally(long Succeeded, long Failed, long LastEnd);
}
