using Registry.Zab.Protocol;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// A server's disk. Epoch writes, truncations and snapshots are synchronous (durable at once); log appends are
/// buffered and made durable by a group fsync that covers everything written before it started. A crash loses
/// whatever was not fsynced. <see cref="FsyncLatencyMs"/> models slow disks.
/// </summary>
internal sealed class SimDisk
{
    private readonly List<LogEntry> _durable = [];
    private readonly List<LogEntry> _buffered = [];

    public long AcceptedEpoch { get; set; }

    public long CurrentEpoch { get; set; }

    public long SnapshotZxid { get; private set; }

    public ReplicaState Snapshot { get; private set; } = new();

    public (long Min, long Max) FsyncLatencyMs { get; set; } = (1, 3);

    public bool FsyncInFlight { get; set; }

    public bool HasBuffered => _buffered.Count > 0;

    public void Append(LogEntry entry) => _buffered.Add(entry);

    /// <summary>Starts an fsync: returns the last zxid it covers.</summary>
    public long BeginFsync() => _buffered[^1].Zxid;

    /// <summary>The fsync covering up to <paramref name="zxid"/> finished.</summary>
    public void CompleteFsync(long zxid)
    {
        _durable.AddRange(_buffered.Where(e => e.Zxid <= zxid));
        _buffered.RemoveAll(e => e.Zxid <= zxid);
    }

    public void TruncateAfter(long zxid)
    {
        _durable.RemoveAll(e => e.Zxid > zxid);
        _buffered.RemoveAll(e => e.Zxid > zxid);
    }

    public void SaveSnapshot(ReplicaState state)
    {
        Snapshot = state.Copy();
        SnapshotZxid = state.LastZxid;
        _durable.RemoveAll(e => e.Zxid <= SnapshotZxid);
    }

    /// <summary>A snapshot received from the leader replaces the state and the whole log.</summary>
    public void InstallSnapshot(ReplicaState state)
    {
        _durable.Clear();
        _buffered.Clear();
        SaveSnapshot(state);
    }

    public void Crash()
    {
        _buffered.Clear();
        FsyncInFlight = false;
    }

    public ZabRecoveredState Recover()
    {
        var log = _durable.Where(e => e.Zxid > SnapshotZxid).OrderBy(e => e.Zxid).ToList();
        return new ZabRecoveredState(AcceptedEpoch, CurrentEpoch, SnapshotZxid, log);
    }
}
