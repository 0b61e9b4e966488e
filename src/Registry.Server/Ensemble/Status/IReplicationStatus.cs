namespace Registry.Server.Ensemble.Status;

/// <summary>The live replication status (<c>/v1/status</c>, readiness, cluster view); standalone unless an ensemble runs.</summary>
public interface IReplicationStatus
{
    ReplicationStatus Current { get; }

    /// <summary>Raised (on the replication loop; must not block) when the role, leader, epoch or a peer's connection changes.</summary>
    event Action? Changed;

    /// <summary>
    /// Raised (on the replication loop; must not block) when a periodic refresh changed what <see cref="Current"/>
    /// shows of the peers' logs (their last zxids and lags) without a role, leader or connection change. A status
    /// that never refreshes on its own never raises it.
    /// </summary>
    event Action? Progressed
    {
        add { }
        remove { }
    }
}

/// <summary>A standalone server's status never changes.</summary>
public sealed class StandaloneReplicationStatus : IReplicationStatus
{
    public static readonly StandaloneReplicationStatus Instance = new();

    public ReplicationStatus Current => ReplicationStatus.Standalone;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
