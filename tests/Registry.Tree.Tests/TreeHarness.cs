using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Tree.Tests;

/// <summary>
/// Drives a <see cref="DataTree"/> the way the request pipeline does: prepare with the next zxid and a fake
/// clock, queue the transaction, apply in zxid order and tell the preparer what was applied. Failed prepares
/// consume no zxid. The header's session is the session being opened/closed for session ops, else the caller's.
/// </summary>
internal sealed class TreeHarness
{
    private readonly Queue<(TxnHeader Header, Txn Txn)> _prepared = new();

    public TreeHarness(PreparerOptions? options = null, DataTree? tree = null)
    {
        Tree = tree ?? new DataTree();
        Preparer = new RequestPreparer(Tree, options ?? new PreparerOptions());
        LastProposed = Tree.LastZxid;
    }

    public DataTree Tree { get; }

    public RequestPreparer Preparer { get; }

    /// <summary>The zxid of the last successful prepare.</summary>
    public long LastProposed { get; private set; }

    /// <summary>The fake leader clock (ms) used for the next prepare.</summary>
    public long Time { get; set; } = 1_700_000_000_000;

    public int QueuedCount => _prepared.Count;

    public static RequestContext Session(long sessionId, params Id[] identities) => new(sessionId, identities);

    public static RequestContext As(params Id[] identities) => new(0, identities);

    public static long HeaderSession(RequestContext context, WriteOp op) => op switch
    {
        CreateSessionOp open => open.SessionId,
        CloseSessionOp close => close.SessionId,
        _ => context.SessionId,
    };

    /// <summary>Prepares without applying; a successful outcome is queued for <see cref="ApplyNext"/>.</summary>
    public PrepareOutcome Prepare(WriteOp op, RequestContext? context = null)
    {
        context ??= RequestContext.Anonymous;
        var zxid = LastProposed + 1;
        var outcome = Preparer.Prepare(context, op, zxid, Time);
        if (outcome.IsSuccess)
        {
            LastProposed = zxid;
            _prepared.Enqueue((new TxnHeader(HeaderSession(context, op), zxid, Time), outcome.Txn!));
        }

        return outcome;
    }

    public ApplyResult ApplyNext()
    {
        var (header, txn) = _prepared.Dequeue();
        var result = Tree.Apply(header, txn);
        Preparer.Applied(header.Zxid);
        return result;
    }

    public List<ApplyResult> ApplyAll()
    {
        var results = new List<ApplyResult>();
        while (_prepared.Count > 0)
        {
            results.Add(ApplyNext());
        }

        return results;
    }

    /// <summary>Prepares and, on success, applies everything queued (this op last).</summary>
    public (PrepareOutcome Outcome, ApplyResult? Applied) Run(WriteOp op, RequestContext? context = null)
    {
        var outcome = Prepare(op, context);
        if (!outcome.IsSuccess)
        {
            return (outcome, null);
        }

        var results = ApplyAll();
        return (outcome, results[^1]);
    }

    /// <summary>Runs an op that must succeed.</summary>
    public ApplyResult Ok(WriteOp op, RequestContext? context = null)
    {
        var (outcome, applied) = Run(op, context);
        Assert.True(outcome.IsSuccess, $"{op} failed with {outcome.Error}: {outcome.Message}");
        return applied!;
    }

    /// <summary>Runs an op that must fail at prepare; returns its code. Nothing is queued.</summary>
    public ErrorCode Fail(WriteOp op, RequestContext? context = null)
    {
        var before = LastProposed;
        var outcome = Prepare(op, context);
        Assert.False(outcome.IsSuccess, $"{op} unexpectedly succeeded");
        Assert.Equal(before, LastProposed);
        return outcome.Error;
    }

    public string Create(string path, CreateMode mode = CreateMode.Persistent, byte[]? data = null, RequestContext? context = null, IReadOnlyList<AclEntry>? acl = null, long ttl = 0)
    {
        var result = Ok(new CreateOp(path, data ?? [], acl ?? AclEntry.OpenUnsafe, mode, ttl), context);
        return result.Result.Path!;
    }

    public ApplyResult SetData(string path, byte[] data, int version = -1, RequestContext? context = null) => Ok(new SetDataOp(path, data, version), context);

    public ApplyResult Delete(string path, int version = -1, RequestContext? context = null) => Ok(new DeleteOp(path, version), context);

    public void OpenSession(long sessionId, int timeoutMs = 30_000) => Ok(new CreateSessionOp(sessionId, timeoutMs), RequestContext.System);

    public ApplyResult CloseSession(long sessionId) => Ok(new CloseSessionOp(sessionId), RequestContext.System);

    public Stat Stat(string path)
    {
        Assert.True(Tree.TryGetStat(path, out var stat), $"{path} does not exist");
        return stat;
    }

    public byte[] Data(string path)
    {
        Assert.True(Tree.TryGetData(path, out var data, out _), $"{path} does not exist");
        return data;
    }

    public List<string> Children(string path)
    {
        Assert.True(Tree.TryGetChildren(path, out var children, out _), $"{path} does not exist");
        children.Sort(StringComparer.Ordinal);
        return children;
    }
}

internal static class Ops
{
    public static CreateOp Create(string path, CreateMode mode = CreateMode.Persistent, byte[]? data = null, IReadOnlyList<AclEntry>? acl = null, long ttl = 0) =>
        new(path, data ?? [], acl ?? AclEntry.OpenUnsafe, mode, ttl);

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
