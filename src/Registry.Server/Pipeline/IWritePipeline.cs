using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Server.Pipeline;

/// <summary>
/// Where writes go: the standalone <see cref="RequestPipeline"/> or, in an ensemble, the replicated pipeline that
/// routes them through the leader. Either way a write is answered once it is durable (on a quorum) and applied to
/// the local <see cref="Tree"/>.
/// </summary>
public interface IWritePipeline
{
    DataTree Tree { get; }

    /// <summary>Writes admitted but not yet answered.</summary>
    int PendingWrites { get; }

    /// <summary>Submits a write; the task completes once it is applied locally (or has failed).</summary>
    Task<WriteResult> SubmitAsync(RequestContext context, WriteOp op);

    /// <summary>Completes once every write committed before the call is applied locally (ZooKeeper's sync).</summary>
    Task SyncAsync();
}
