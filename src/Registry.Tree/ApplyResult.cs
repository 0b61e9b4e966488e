namespace Registry.Tree;

/// <summary>What applying one transaction did: its result (per op for a multi) and the changes it made, in order.</summary>
public sealed record ApplyResult(long Zxid, OpResult Result, IReadOnlyList<OpResult>? MultiResults, IReadOnlyList<TreeChange> Changes);
