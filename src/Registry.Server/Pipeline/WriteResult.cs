using Registry.Tree;

namespace Registry.Server.Pipeline;

/// <summary>
/// The answer to a write: on success the zxid it committed at and its result (per op for a multi);
/// on failure the error, why, and for a failed multi the per-op results ZooKeeper reports.
/// </summary>
public sealed record WriteResult(long Zxid, ErrorCode Error, string? Message, OpResult Result, IReadOnlyList<OpResult>? MultiResults)
{
    public bool IsSuccess => Error == ErrorCode.Ok;

    public static WriteResult Failed(ErrorCode error, string message, IReadOnlyList<OpResult>? multiResults = null) =>
        new(0, error, message, new OpResult(error), multiResults);

    /// <summary>Throws the failure as a <see cref="KeeperException"/>; returns this when it succeeded.</summary>
    public WriteResult EnsureSuccess() => IsSuccess ? this : throw new KeeperException(Error, Message ?? Error.ToString());
}
