using Microsoft.Extensions.Time.Testing;
using Registry.Api.Watches;
using Registry.Health.Ownership;
using Registry.Server.Ensemble.Status;
using Registry.Tree;

namespace Registry.Api.Tests;

/// <summary>When the status generation advances: at once for role/connection/ownership changes, coalesced for progress.</summary>
public sealed class StatusFeedTests : IDisposable
{
    /// <summary>Real time after which an awaited wake-up counts as missed (the feed itself runs on fake time).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly RaisingStatus _replication = new();
    private readonly RaisingClusterView _cluster = new();
    private readonly ApplyPulse _applied = new();
    private readonly StatusFeed _feed;

    public StatusFeedTests() => _feed = new StatusFeed(_replication, _cluster, _applied, _time);

    public void Dispose() => _feed.Dispose();

    [Fact]
    public void Role_connection_and_ownership_changes_advance_the_generation_at_once_every_time()
    {
        var start = _feed.Generation;
        _replication.RaiseChanged();
        _replication.RaiseChanged();
        _cluster.RaiseChanged();
        Assert.Equal(start + 3, _feed.Generation);
    }

    [Fact]
    public void Progress_advances_at_once_after_a_quiet_spell_then_at_most_once_per_interval()
    {
        var start = _feed.Generation;
        Apply();
        Assert.Equal(start + 1, _feed.Generation);

        Apply();
        _replication.RaiseProgressed();
        Apply();
        Assert.Equal(start + 1, _feed.Generation);

        _time.Advance(StatusFeed.ProgressInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(start + 1, _feed.Generation);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(start + 2, _feed.Generation);

        // Nothing more happened: the interval passes without another advance.
        _time.Advance(StatusFeed.ProgressInterval * 4);
        Assert.Equal(start + 2, _feed.Generation);
    }

    [Fact]
    public void A_change_covers_pending_progress_so_the_interval_ends_without_a_second_advance()
    {
        Apply();
        var afterFirst = _feed.Generation;
        Apply();
        _replication.RaiseChanged();
        Assert.Equal(afterFirst + 1, _feed.Generation);

        _time.Advance(StatusFeed.ProgressInterval);
        Assert.Equal(afterFirst + 1, _feed.Generation);
    }

    [Fact]
    public async Task Every_waiter_wakes_on_one_advance_and_sees_the_new_generation()
    {
        var start = _feed.Generation;
        var waiters = Enumerable.Range(0, 100).Select(_ => _feed.WaitAsync(start, TimeSpan.FromMinutes(5), CancellationToken.None)).ToList();
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        _cluster.RaiseChanged();
        Assert.All(await Task.WhenAll(waiters).WaitAsync(Guard), g => Assert.Equal(start + 1, g));
        Assert.Equal(0, _feed.Signals.Count);
    }

    [Fact]
    public async Task A_wait_without_a_change_ends_with_the_same_generation()
    {
        var start = _feed.Generation;
        var waiter = _feed.WaitAsync(start, TimeSpan.FromSeconds(30), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiter.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(start, await waiter.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_generation_from_before_a_restart_is_below_every_later_one_and_answers_at_once()
    {
        for (var i = 0; i < 1000; i++)
        {
            _replication.RaiseChanged();
        }

        var beforeRestart = _feed.Generation;
        _time.Advance(TimeSpan.FromSeconds(2));
        using var restarted = new StatusFeed(_replication, _cluster, _applied, _time);

        Assert.True(restarted.Generation > beforeRestart);
        var answer = restarted.WaitAsync(beforeRestart, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.True(answer.IsCompleted);
        Assert.Equal(restarted.Generation, await answer);
    }

    private void Apply() => _applied.OnApplied(new ApplyResult(1, OpResult.Ok, null, []));

    private sealed class RaisingStatus : IReplicationStatus
    {
        public ReplicationStatus Current => ReplicationStatus.Standalone;

        public event Action? Changed;

        public event Action? Progressed;

        public void RaiseChanged() => Changed?.Invoke();

        public void RaiseProgressed() => Progressed?.Invoke();
    }

    private sealed class RaisingClusterView : IClusterView
    {
        public int Self => 1;

        public IReadOnlyList<int> LiveMembers { get; } = [1];

        public event Action? Changed;

        public void RaiseChanged() => Changed?.Invoke();
    }
}
