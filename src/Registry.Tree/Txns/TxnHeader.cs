namespace Registry.Tree.Txns;

/// <summary>What every transaction carries: the session that asked, its zxid and the leader's clock at prepare time.</summary>
public readonly record struct TxnHeader(long SessionId, long Zxid, long Time);
