using Registry.Catalog.Index;
using Registry.Health.Ownership;
using Registry.Server.Ensemble.Status;

namespace Registry.Api.Watches;

/// <summary>
/// The generation of what GET /v1/status shows, for its long poll (<c>?index=N&amp;wait=D</c>). It advances at once
/// when the role, leader, epoch or a peer connection changes (<see cref="IReplicationStatus.Changed"/>) and when
/// check ownership moves (<see cref="IClusterView.Changed"/>). Progress (applied transactions, which move the last
/// zxid and the counts, and peers' acknowledged zxids and lags) happens on every write, so it advances the
/// generation at most once per <see cref="ProgressInterval"/>: the first change after a quiet spell at once, later
/// ones together at the end of the interval. That keeps a watching UI within a quarter second of the truth
/// without a re-render per write. Generations start at the feed's creation time in Unix milliseconds and count up
/// by one: advancing a few times a second at most, a restarted server's generations stay above any its previous
/// life handed out, so an index from before a restart never parks a long poll on an unrelated status.
/// </summary>
public sealed class StatusFeed : IDisposable
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private const string Topic = "status";

    private readonly IReplicationStatus _replication;
    private readonly IClusterView _cluster;
    private readonly ApplyPulse _applied;
    private readonly TimeProvider _time;
    private readonly ITimer _progressTimer;
    private readonly Lock _lock = new();
    private long _generation;
    private DateTimeOffset _lastAdvance = DateTimeOffset.MinValue;
    private bool _progressPending;

    public StatusFeed(IReplicationStatus replication, IClusterView cluster, ApplyPulse applied, TimeProvider time)
    {
        _replication = replication;
        _cluster = cluster;
        _applied = applied;
        _time = time;
        _generation = time.GetUtcNow().ToUnixTimeMilliseconds();
        _progressTimer = time.CreateTimer(_ => Advance(pendingOnly: true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        replication.Changed += AdvanceNow;
        cluster.Changed += AdvanceNow;
        replication.Progressed += Progress;
        applied.Applied += Progress;
    }

    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Waiters on the status; one wake-up is shared by all of them.</summary>
    public SignalBoard Signals { get; } = new();

    /// <summary>
    /// Returns the generation once it differs from <paramref name="after"/>, or when the wait runs out (the same
    /// generation then). Only the current generation waits: an older one, 0, one from before a restart (smaller than
    /// any this process hands out) or a made-up one answers at once.
    /// </summary>
    public Task<long> WaitAsync(long after, TimeSpan wait, CancellationToken cancellationToken) =>
        after != Generation
            ? Task.FromResult(Generation)
            : Signals.WaitPastAsync(Topic, () => Generation, after, wait, _time, cancellationToken);

    public void Dispose()
    {
        _replication.Changed -= AdvanceNow;
        _cluster.Changed -= AdvanceNow;
        _replication.Progressed -= Progress;
        _applied.Applied -= Progress;
        _progressTimer.Dispose();
    }

    private void AdvanceNow() => Advance(pendingOnly: false);

    /// <param name="pendingOnly">The progress timer fired: advance only if no other change advanced meanwhile.</param>
    private void Advance(bool pendingOnly)
    {
        long generation;
        lock (_lock)
        {
            if (pendingOnly && !_progressPending)
            {
                return;
            }

            _progressPending = false;
            _lastAdvance = _time.GetUtcNow();
            generation = ++_generation;
        }

        Signals.Raise(Topic, generation);
    }

    private void Progress()
    {
        lock (_lock)
        {
            if (_progressPending)
            {
                return;
            }

            var due = _lastAdvance + ProgressInterval - _time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                _progressPending = true;
                _progressTimer.Change(due, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        AdvanceNow();
    }
}
