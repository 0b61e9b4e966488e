namespace Registry.Zab.Protocol;

/// <summary>
/// The ensemble and the protocol's limits. Every duration is in ticks: the shell calls <see cref="ZabNode.Tick"/>
/// at a fixed rate (ZooKeeper's tickTime) and converts its configuration into these counts.
/// </summary>
public sealed record ZabOptions
{
    /// <summary>This server's id (ZooKeeper's myid); must be one of <see cref="Peers"/>.</summary>
    public required long ServerId { get; init; }

    /// <summary>Every member of the ensemble, this server included.</summary>
    public required IReadOnlyList<ZabPeer> Peers { get; init; }

    /// <summary>Ticks a learner may take from following a leader to being up to date, and a leader to establish its epoch.</summary>
    public int InitLimitTicks { get; init; } = 10;

    /// <summary>Ticks of silence after which a learner abandons its leader and a leader drops a learner (and steps down without a quorum).</summary>
    public int SyncLimitTicks { get; init; } = 5;

    /// <summary>A leader pings its learners every this many ticks; learners answer with their session touches.</summary>
    public int PingIntervalTicks { get; init; } = 1;

    /// <summary>A looking server re-sends its notification every this many ticks, plus a seeded jitter of up to as many again.</summary>
    public int NotificationIntervalTicks { get; init; } = 2;

    /// <summary>Committed proposals kept in memory to synchronise lagging learners with DIFF; further behind gets SNAP.</summary>
    public int CommittedLogRetention { get; init; } = 500;

    /// <summary>Seed of the election jitter, so that a run is reproducible.</summary>
    public int RandomSeed { get; init; }

    /// <summary>The last zxid counter an epoch may use (tests lower it to reach the rollover to a new epoch).</summary>
    internal long CounterLimit { get; init; } = Zxid.MaxCounter;

    internal void Validate()
    {
        ZabInvariantException.Check(Peers.Count(p => p.Id == ServerId) == 1, $"server {ServerId} must appear exactly once in the peers");
        ZabInvariantException.Check(Peers.Select(p => p.Id).Distinct().Count() == Peers.Count, "peer ids must be unique");
        ZabInvariantException.Check(Peers.Any(p => !p.IsObserver), "the ensemble needs at least one voter");
        ZabInvariantException.Check(InitLimitTicks > 0 && SyncLimitTicks > 0 && PingIntervalTicks > 0 && NotificationIntervalTicks > 0, "tick limits must be positive");
        ZabInvariantException.Check(PingIntervalTicks < SyncLimitTicks, "pings must be more frequent than the sync limit");
        ZabInvariantException.Check(CommittedLogRetention >= 0, "the committed log retention cannot be negative");
        ZabInvariantException.Check(CounterLimit is > 1 and <= Zxid.MaxCounter, "the counter limit must leave room for proposals");
    }
}
