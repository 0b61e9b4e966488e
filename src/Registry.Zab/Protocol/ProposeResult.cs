namespace Registry.Zab.Protocol;

/// <summary>Why <see cref="ZabNode.Propose"/> refused a transaction.</summary>
public enum ProposeRefusal : byte
{
    None = 0,

    /// <summary>This server is not the leader, or the leader has not established its epoch yet.</summary>
    NotActiveLeader = 1,

    /// <summary>The epoch's zxid counter is exhausted; the leader steps down so that a new epoch is elected.</summary>
    EpochExhausted = 2,
}

/// <summary>The zxid a proposal got, or why it was refused (the caller answers its client with an error).</summary>
public readonly record struct ProposeResult(long Zxid, ProposeRefusal Refusal)
{
    public bool Accepted => Refusal == ProposeRefusal.None;

    internal static ProposeResult Refused(ProposeRefusal refusal) => new(0, refusal);
}
