namespace Registry.Zab.Protocol;

/// <summary>
/// What a server holds on disk when its state machine is created: the two persisted epochs, the zxid of the
/// state the shell has loaded into its state machine (its snapshot; 0 for an empty state), and the log records
/// after that zxid in zxid order. Records after the snapshot are not known to be committed: the core commits
/// (and the shell applies) them only once a leader confirms them.
/// </summary>
public sealed record ZabRecoveredState(long AcceptedEpoch, long CurrentEpoch, long SnapshotZxid, IReadOnlyList<LogEntry> Log)
{
    public static ZabRecoveredState Empty { get; } = new(0, 0, 0, []);
}
