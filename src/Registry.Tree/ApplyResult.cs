namespace Registry.Tree;

/// <summary>
/// What applying one transaction did: its result (per op for a multi) and the changes it made, in order. Observers
/// see one per transaction: they iterate <see cref="Changes"/> by index, since an enumerator over the interface is
/// boxed.
/// </summary>
public sealed record ApplyResult(long Zxid, OpResult Result, IReadOnlyList<OpResult>? MultiResults, IReadOnlyList<TreeChange> Changes);
