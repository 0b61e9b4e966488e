using Registry.Tree.Txns;

namespace Registry.Tree.Prepare;

/// <summary>Either the transaction to replicate, or the error to answer with (per op for a failed multi).</summary>
public sealed record PrepareOutcome(Txn? Txn, ErrorCode Error, string? Message, IReadOnlyList<OpResult>? MultiResults)
{
    public static PrepareOutcome Success(Txn txn) => new(txn, ErrorCode.Ok, null, null);

    public static PrepareOutcome Failure(ErrorCode error, string message, IReadOnlyList<OpResult>? multiResults = null) =>
        new(null, error, message, multiResults);

    public bool IsSuccess => Txn is not null;
}
