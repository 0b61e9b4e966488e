using System.Reflection;
using Registry.Server.Changes;
using Registry.Server.Ensemble.Status;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Sessions;
using Registry.Server.Watches;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Watches;

namespace Registry.Server;

/// <summary>
/// The one internal request API every front door calls: reads from the local tree with ACL checks,
/// writes through the pipeline, sessions, sync, long-poll waits. Errors are <see cref="KeeperException"/>s
/// with ZooKeeper codes; each front door maps them to its own convention.
/// </summary>
public sealed class RegistryServer(IWritePipeline pipeline, SessionTracker sessions, ChangeFeed changes, TimeProvider time, ServerOptions options, IReplicationStatus replication)
{
    private static readonly string ProductVersion =
        typeof(RegistryServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public DataTree Tree => pipeline.Tree;

    public SessionTracker Sessions => sessions;

    public ChangeFeed Changes => changes;

    public TimeProvider Time => time;

    public ServerOptions Options => options;

    public long LastZxid => pipeline.Tree.LastZxid;

    public NodeRead GetData(RequestContext context, string path, IWatcher? watcher = null)
    {
        ValidatePath(path);
        CheckAcl(context, path, Perms.Read);
        if (!Tree.TryGetData(path, out var data, out var stat, watcher))
        {
            throw NoNode(path);
        }

        return new NodeRead(path, data, null, stat, IndexOf(stat));
    }

    public NodeRead GetChildren(RequestContext context, string path, IWatcher? watcher = null)
    {
        ValidatePath(path);
        CheckAcl(context, path, Perms.Read);
        if (!Tree.TryGetChildren(path, out var children, out var stat, watcher))
        {
            throw NoNode(path);
        }

        children.Sort(StringComparer.Ordinal);
        return new NodeRead(path, [], children, stat, IndexOf(stat));
    }

    /// <summary>exists(): the Stat or null; a watch is left either way (the only way to watch for a creation). Needs READ when the node exists.</summary>
    public Stat? Exists(RequestContext context, string path, IWatcher? watcher = null)
    {
        ValidatePath(path);
        CheckAcl(context, path, Perms.Read);
        return Tree.TryGetStat(path, out var stat, watcher) ? stat : null;
    }

    /// <summary>ZooKeeper's check: the node exists at the expected data version (-1 = any) and the caller may read it.</summary>
    public Stat Check(RequestContext context, string path, int version)
    {
        ValidatePath(path);
        var acl = Tree.GetAcl(path, out var stat) ?? throw NoNode(path);
        AclPolicy.Check(acl, context.Identities, Perms.Read, path);
        if (version != -1 && version != stat.Version)
        {
            throw new KeeperException(ErrorCode.BadVersion, $"{path} is at version {stat.Version}, not {version}");
        }

        return stat;
    }

    /// <summary>getAllChildrenNumber: how many nodes lie below <paramref name="path"/>.</summary>
    public int CountDescendants(RequestContext context, string path)
    {
        ValidatePath(path);
        CheckAcl(context, path, Perms.Read);
        var count = Tree.CountDescendants(path);
        return count >= 0 ? count : throw NoNode(path);
    }

    /// <summary>getEphemerals: the session's ephemerals whose path starts with <paramref name="prefix"/> (all for an empty or "/" prefix).</summary>
    public IReadOnlyList<string> EphemeralsOf(long sessionId, string? prefix)
    {
        var all = Tree.EphemeralsOf(sessionId);
        return string.IsNullOrWhiteSpace(prefix) || prefix == ZPath.Root ? all : all.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The ACL and Stat; digests are masked unless the caller has ADMIN (ZooKeeper's getACL).</summary>
    public (IReadOnlyList<AclEntry> Acl, Stat Stat) GetAcl(RequestContext context, string path)
    {
        ValidatePath(path);
        var acl = Tree.GetAcl(path, out var stat) ?? throw NoNode(path);
        var admin = AclPolicy.IsAllowed(acl, context.Identities, Perms.Admin);
        if (!admin && !AclPolicy.IsAllowed(acl, context.Identities, Perms.Read))
        {
            throw new KeeperException(ErrorCode.NoAuth, $"READ or ADMIN permission denied on {path}");
        }

        return (admin ? acl : AclPolicy.MaskDigests(acl), stat);
    }

    /// <summary>Submits a write; the session in <paramref name="context"/>, if any, is touched.</summary>
    public Task<WriteResult> WriteAsync(RequestContext context, WriteOp op)
    {
        if (context.SessionId != 0)
        {
            sessions.Touch(context.SessionId);
        }

        return pipeline.SubmitAsync(context, op);
    }

    /// <summary>
    /// Deletes a node and everything below it: one atomic multi when the subtree fits in one, otherwise
    /// bottom-up batches (like zkCli's deleteall, not atomic). <paramref name="version"/> guards the top node.
    /// </summary>
    public async Task<WriteResult> DeleteRecursiveAsync(RequestContext context, string path, int version)
    {
        ValidatePath(path);
        var order = new List<string>();
        CollectPostOrder(path, order);
        if (order.Count == 0)
        {
            throw NoNode(path);
        }

        WriteResult? last = null;
        foreach (var batch in order.Chunk(MaxBatch))
        {
            var ops = batch.Select(p => (WriteOp)new DeleteOp(p, p == path ? version : -1)).ToList();
            last = await WriteAsync(context, ops.Count == 1 ? ops[0] : new MultiOp(ops));
            if (!last.IsSuccess)
            {
                return last;
            }
        }

        return last!;
    }

    private const int MaxBatch = 1000;

    private void CollectPostOrder(string path, List<string> order)
    {
        if (!Tree.TryGetChildren(path, out var children, out _))
        {
            return;
        }

        foreach (var child in children)
        {
            CollectPostOrder(ZPath.Join(path, child), order);
        }

        order.Add(path);
    }

    /// <summary>Waits until every write admitted before this call is applied locally.</summary>
    public Task SyncAsync() => pipeline.SyncAsync();

    /// <summary>
    /// Long poll on one node: returns once the node's data (or, with <paramref name="children"/>, its child
    /// list) changed after <paramref name="afterZxid"/>, or when <paramref name="wait"/> runs out; throws
    /// NoNode as soon as the node is deleted.
    /// </summary>
    public async Task<NodeRead> WaitForNodeAsync(RequestContext context, string path, bool children, long afterZxid, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var watcher = new SignalWatcher();
            var read = children ? GetChildren(context, path, watcher) : GetData(context, path, watcher);
            var changedAt = children ? read.Stat.Pzxid : read.Stat.Mzxid;
            var remaining = deadline - time.GetUtcNow();
            if (changedAt > afterZxid || remaining <= TimeSpan.Zero)
            {
                Tree.Watches.Remove(path, watcher, children ? WatchKind.Children : WatchKind.Data);
                return read;
            }

            try
            {
                await watcher.Fired.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                Tree.Watches.Remove(path, watcher, children ? WatchKind.Children : WatchKind.Data);
                return children ? GetChildren(context, path) : GetData(context, path);
            }
            catch (OperationCanceledException)
            {
                Tree.Watches.Remove(path, watcher, children ? WatchKind.Children : WatchKind.Data);
                throw;
            }
        }
    }

    public IReplicationStatus Replication => replication;

    public ServerStatus Status() => Status(replication.Current);

    private ServerStatus Status(ReplicationStatus ensemble) => new(
        ensemble.Mode,
        options.ServerId,
        LastZxid,
        Tree.NodeCount,
        Tree.SessionCount,
        Tree.EphemeralCount,
        Tree.Watches.Count().Watches + changes.WaiterCount,
        pipeline.PendingWrites,
        ProductVersion,
        ensemble.LeaderId,
        ensemble.Epoch,
        ensemble.Peers);

    /// <summary>The index a read reflects: never below the node's own zxids, so a poll with it never skips a change.</summary>
    private long IndexOf(Stat stat) => Math.Max(LastZxid, Math.Max(stat.Mzxid, stat.Pzxid));

    private void CheckAcl(RequestContext context, string path, Perms perm)
    {
        if (Tree.GetAcl(path, out _) is { } acl)
        {
            AclPolicy.Check(acl, context.Identities, perm, path);
        }
    }

    private void ValidatePath(string path)
    {
        if (path.Length > options.MaxPathLength)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"path is longer than {options.MaxPathLength} characters");
        }

        ZPath.EnsureValid(path);
    }

    private static KeeperException NoNode(string path) => new(ErrorCode.NoNode, $"{path} does not exist");
}
