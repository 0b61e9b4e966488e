namespace Registry.Zab.Protocol.Leading;

/// <summary>The leader's view of one connected learner (ZooKeeper's LearnerHandler, without the thread).</summary>
internal sealed class LearnerHandle(long id, bool isObserver)
{
    public long Id { get; } = id;

    public bool IsObserver { get; } = isObserver;

    public LearnerStage Stage { get; set; } = LearnerStage.Connected;

    public long LastZxid { get; set; }

    /// <summary>Set by the first ack after NEWLEADER.</summary>
    public bool NewLeaderAcked { get; set; }

    /// <summary>Everything up to this zxid of the epoch is durable on the learner.</summary>
    public long AckedZxid { get; set; }

    public int TicksSinceHeard { get; set; }

    /// <summary>Gets proposals (followers) or informs (observers) as they happen.</summary>
    public bool InForwardingSet => Stage >= LearnerStage.Syncing;
}
