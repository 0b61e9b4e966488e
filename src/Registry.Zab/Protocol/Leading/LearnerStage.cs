namespace Registry.Zab.Protocol.Leading;

/// <summary>How far a learner connected to the leader has come.</summary>
internal enum LearnerStage
{
    /// <summary>FOLLOWERINFO received; the new epoch is not decided yet.</summary>
    Connected,

    /// <summary>LEADERINFO sent; waiting for ACKEPOCH.</summary>
    EpochSent,

    /// <summary>ACKEPOCH received; synchronised once the epoch is established by a quorum.</summary>
    EpochAcked,

    /// <summary>History and NEWLEADER sent; the learner gets every new proposal (or INFORM) from now on.</summary>
    Syncing,

    /// <summary>NEWLEADER acked and UPTODATE sent: the learner serves and its acks count.</summary>
    Active,
}
