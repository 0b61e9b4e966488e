namespace Registry.Zab.Protocol.History;

/// <summary>How a leader brings a learner's log in line with its history before NEWLEADER.</summary>
internal enum SyncKind
{
    /// <summary>The learner has a prefix of the history: send the proposals after <see cref="SyncPlan.FromZxid"/>.</summary>
    Diff,

    /// <summary>The learner has proposals the history lacks: cut its log to <see cref="SyncPlan.FromZxid"/>, then send the rest.</summary>
    Trunc,

    /// <summary>The learner is behind what the leader keeps in memory: stream the committed state at <see cref="SyncPlan.FromZxid"/>, then the rest.</summary>
    Snap,
}

/// <summary>A synchronisation decision: the mode and the zxid after which proposals are sent.</summary>
internal readonly record struct SyncPlan(SyncKind Kind, long FromZxid)
{
    /// <summary>
    /// ZooKeeper's choice from the learner's last zxid: a zxid the history holds means DIFF; one inside the
    /// history but unknown to it (an uncommitted proposal of an older epoch) means TRUNC to the last common zxid;
    /// anything before the in-memory history means SNAP at the leader's committed state.
    /// </summary>
    public static SyncPlan Choose(History history, long learnerLastZxid)
    {
        if (learnerLastZxid < history.BaseZxid)
        {
            return new SyncPlan(SyncKind.Snap, history.CommittedZxid);
        }

        return history.Contains(learnerLastZxid)
            ? new SyncPlan(SyncKind.Diff, learnerLastZxid)
            : new SyncPlan(SyncKind.Trunc, history.FloorOf(learnerLastZxid));
    }
}
