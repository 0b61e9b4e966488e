using Registry.Tree.Acl;
using Registry.Tree.Txns;

namespace Registry.Tree.Prepare;

/// <summary>
/// Turns a client's write into a fully resolved transaction (ZooKeeper's PrepRequestProcessor): it validates
/// paths and limits, checks ACLs and versions, picks sequential names and tracks in-flight changes so that
/// later requests see earlier ones before they are applied. Checks run in ZooKeeper's order, so the first
/// failure reported is the one ZooKeeper would report. Called by one thread; pure apart from reading the tree.
/// </summary>
public sealed class RequestPreparer
{
    private readonly DataTree _tree;
    private readonly PreparerOptions _options;
    private readonly PendingChanges _pending;

    public RequestPreparer(DataTree tree, PreparerOptions options)
    {
        _tree = tree;
        _options = options;
        _pending = new PendingChanges(tree);
    }

    /// <summary>Number of paths with in-flight changes (for metrics and tests).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Prepares <paramref name="op"/> as transaction <paramref name="zxid"/> at leader time <paramref name="time"/>.</summary>
    public PrepareOutcome Prepare(RequestContext context, WriteOp op, long zxid, long time)
    {
        try
        {
            return op switch
            {
                MultiOp multi => PrepareMulti(context, multi, zxid, time),
                CreateSessionOp create => PrepareCreateSession(create),
                CloseSessionOp close => PrepareCloseSession(close, zxid),
                _ => PrepareSingle(context, op, zxid, time),
            };
        }
        catch (KeeperException e)
        {
            return PrepareOutcome.Failure(e.Code, e.Message);
        }
    }

    /// <summary>Every transaction up to <paramref name="zxid"/> is now applied to the tree.</summary>
    public void Applied(long zxid) => _pending.Applied(zxid);

    /// <summary>Forgets in-flight changes that will never be applied.</summary>
    public void Reset() => _pending.Clear();

    private PrepareOutcome PrepareSingle(RequestContext context, WriteOp op, long zxid, long time)
    {
        if (op is not CreateOp)
        {
            // A create checks its mode first and the session second, like ZooKeeper.
            EnsureSessionUsable(context.SessionId);
        }

        return PrepareOutcome.Success(PrepareOp(context, op, zxid, time));
    }

    private PrepareOutcome PrepareMulti(RequestContext context, MultiOp multi, long zxid, long time)
    {
        EnsureSessionUsable(context.SessionId);
        if (multi.Ops.Count > _options.MaxMultiOps)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"a multi holds at most {_options.MaxMultiOps} operations");
        }

        var txns = new List<Txn>(multi.Ops.Count);
        _pending.BeginScratch();
        for (var i = 0; i < multi.Ops.Count; i++)
        {
            try
            {
                if (multi.Ops[i] is MultiOp or CreateSessionOp or CloseSessionOp or ReapOp)
                {
                    throw new KeeperException(ErrorCode.BadArguments, $"operation {i} ({multi.Ops[i].GetType().Name}) is not allowed in a multi");
                }

                txns.Add(PrepareOp(context, multi.Ops[i], zxid, time));
            }
            catch (KeeperException e)
            {
                _pending.DiscardScratch();
                var results = new OpResult[multi.Ops.Count];
                for (var j = 0; j < results.Length; j++)
                {
                    results[j] = new OpResult(j < i ? ErrorCode.Ok : j == i ? e.Code : ErrorCode.RuntimeInconsistency);
                }

                return PrepareOutcome.Failure(e.Code, $"operation {i}: {e.Message}", results);
            }
        }

        _pending.CommitScratch();
        return PrepareOutcome.Success(new MultiTxn(txns));
    }

    private Txn PrepareOp(RequestContext context, WriteOp op, long zxid, long time) => op switch
    {
        CreateOp create => PrepareCreate(context, create, zxid, time),
        DeleteOp delete => PrepareDelete(context, delete.Path, delete.Version, zxid),
        SetDataOp set => PrepareSetData(context, set, zxid, time),
        SetAclOp setAcl => PrepareSetAcl(context, setAcl, zxid),
        CheckOp check => PrepareCheck(context, check),
        ReapOp reap => PrepareReap(reap, zxid, time),
        _ => throw new KeeperException(ErrorCode.Unimplemented, $"unsupported operation {op.GetType().Name}"),
    };

    private CreateTxn PrepareCreate(RequestContext context, CreateOp op, long zxid, long time)
    {
        if (!op.Mode.IsDefined())
        {
            throw new KeeperException(ErrorCode.BadArguments, $"unknown create mode {(int)op.Mode}");
        }

        if (op.Mode.IsTtl())
        {
            if (!_options.TtlEnabled)
            {
                throw new KeeperException(ErrorCode.Unimplemented, "TTL nodes are disabled on this server");
            }

            if (op.Ttl <= 0 || op.Ttl > EphemeralOwner.MaxTtl)
            {
                throw new KeeperException(ErrorCode.BadArguments, $"ttl must be between 1 and {EphemeralOwner.MaxTtl} ms");
            }
        }
        else if (op.Ttl != 0)
        {
            throw new KeeperException(ErrorCode.BadArguments, "ttl is only valid for TTL create modes");
        }

        if (op.Mode.IsEphemeral() && context.SessionId == 0)
        {
            throw new KeeperException(ErrorCode.BadArguments, "ephemeral nodes need a session");
        }

        EnsureSessionUsable(context.SessionId);
        if (string.IsNullOrEmpty(op.Path) || op.Path[0] != '/' || op.Path.Contains('\0', StringComparison.Ordinal) || op.Path.Length > _options.MaxPathLength)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"invalid path '{op.Path}'");
        }

        EnsureDataSize(op.Data);
        if (op.Path == ZPath.Root && !op.Mode.IsSequential())
        {
            throw new KeeperException(ErrorCode.NodeExists, "/ already exists");
        }

        var acl = AclPolicy.Fixup(op.Acl, context.Identities);
        var parentPath = ZPath.Parent(op.Path);
        var parent = _pending.Get(parentPath) ?? throw new KeeperException(ErrorCode.NoNode, $"parent {parentPath} does not exist");
        AclPolicy.Check(parent.Acl, context.Identities, Perms.Create, parentPath);
        var path = op.Mode.IsSequential() ? op.Path + ZPath.SequenceSuffix(parent.ChildCreates) : op.Path;
        ValidatePath(path);
        if (_pending.Get(path) is not null)
        {
            throw new KeeperException(ErrorCode.NodeExists, $"{path} already exists");
        }

        if (EphemeralOwner.IsSession(parent.EphemeralOwner))
        {
            throw new KeeperException(ErrorCode.NoChildrenForEphemerals, $"{parentPath} is ephemeral and cannot have children");
        }

        var owner = EphemeralOwner.For(op.Mode, context.SessionId, op.Ttl);
        _pending.Set(parentPath, parent with { ChildCreates = parent.ChildCreates + 1, NumChildren = parent.NumChildren + 1, Zxid = zxid });
        _pending.Set(path, new PendingNode(true, 0, 0, 0, 0, owner, acl, time, zxid));
        return new CreateTxn(path, op.Data, acl, owner);
    }

    private DeleteTxn PrepareDelete(RequestContext context, string path, int version, long zxid)
    {
        ValidatePath(path);
        if (ZPath.IsUndeletable(path))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"{path} cannot be deleted");
        }

        var parentPath = ZPath.Parent(path);
        var parent = _pending.Get(parentPath) ?? throw new KeeperException(ErrorCode.NoNode, $"{path} does not exist");
        AclPolicy.Check(parent.Acl, context.Identities, Perms.Delete, parentPath);
        var node = _pending.Get(path) ?? throw new KeeperException(ErrorCode.NoNode, $"{path} does not exist");
        CheckVersion(path, version, node.Version);
        if (node.NumChildren > 0)
        {
            throw new KeeperException(ErrorCode.NotEmpty, $"{path} has {node.NumChildren} children");
        }

        _pending.Set(parentPath, parent with { NumChildren = parent.NumChildren - 1, Zxid = zxid });
        _pending.Set(path, PendingNode.Deleted(zxid));
        return new DeleteTxn(path);
    }

    private SetDataTxn PrepareSetData(RequestContext context, SetDataOp op, long zxid, long time)
    {
        ValidatePath(op.Path);
        EnsureDataSize(op.Data);
        var node = _pending.Get(op.Path) ?? throw new KeeperException(ErrorCode.NoNode, $"{op.Path} does not exist");
        AclPolicy.Check(node.Acl, context.Identities, Perms.Write, op.Path);
        CheckVersion(op.Path, op.Version, node.Version);
        var version = NextVersion(node.Version);
        _pending.Set(op.Path, node with { Version = version, Mtime = time, Zxid = zxid });
        return new SetDataTxn(op.Path, op.Data, version);
    }

    private SetAclTxn PrepareSetAcl(RequestContext context, SetAclOp op, long zxid)
    {
        ValidatePath(op.Path);
        var acl = AclPolicy.Fixup(op.Acl, context.Identities);
        var node = _pending.Get(op.Path) ?? throw new KeeperException(ErrorCode.NoNode, $"{op.Path} does not exist");
        AclPolicy.Check(node.Acl, context.Identities, Perms.Admin, op.Path);
        CheckVersion(op.Path, op.Version, node.Aversion);
        var aversion = NextVersion(node.Aversion);
        _pending.Set(op.Path, node with { Aversion = aversion, Acl = acl, Zxid = zxid });
        return new SetAclTxn(op.Path, acl, aversion);
    }

    private CheckTxn PrepareCheck(RequestContext context, CheckOp op)
    {
        ValidatePath(op.Path);
        var node = _pending.Get(op.Path) ?? throw new KeeperException(ErrorCode.NoNode, $"{op.Path} does not exist");
        AclPolicy.Check(node.Acl, context.Identities, Perms.Read, op.Path);
        CheckVersion(op.Path, op.Version, node.Version);
        return new CheckTxn(op.Path);
    }

    private DeleteTxn PrepareReap(ReapOp op, long zxid, long time)
    {
        var node = _pending.Get(op.Path) ?? throw new KeeperException(ErrorCode.NoNode, $"{op.Path} does not exist");
        if (!DataTree.IsReapable(node.EphemeralOwner, node.NumChildren, node.ChildCreates, node.Mtime, time))
        {
            throw new KeeperException(ErrorCode.NotEmpty, $"{op.Path} is not due for deletion");
        }

        return PrepareDelete(RequestContext.System, op.Path, -1, zxid);
    }

    private PrepareOutcome PrepareCreateSession(CreateSessionOp op)
    {
        if (op.SessionId == 0 || !EphemeralOwner.IsSession(op.SessionId) || _tree.Sessions.ContainsKey(op.SessionId))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"session id 0x{op.SessionId:x} is not usable");
        }

        return PrepareOutcome.Success(new CreateSessionTxn(op.TimeoutMs));
    }

    private PrepareOutcome PrepareCloseSession(CloseSessionOp op, long zxid)
    {
        EnsureSessionUsable(op.SessionId);
        foreach (var path in _pending.EphemeralsOf(op.SessionId).ToList())
        {
            var parentPath = ZPath.Parent(path);
            if (_pending.Get(parentPath) is { } parent)
            {
                _pending.Set(parentPath, parent with { NumChildren = parent.NumChildren - 1, Zxid = zxid });
            }

            _pending.Set(path, PendingNode.Deleted(zxid));
        }

        _pending.MarkClosing(op.SessionId, zxid);
        return PrepareOutcome.Success(new CloseSessionTxn());
    }

    private void EnsureSessionUsable(long sessionId)
    {
        if (sessionId != 0 && (!_tree.Sessions.ContainsKey(sessionId) || _pending.IsClosing(sessionId)))
        {
            throw new KeeperException(ErrorCode.SessionExpired, $"session 0x{sessionId:x} has expired or is closing");
        }
    }

    private void ValidatePath(string path)
    {
        if (path.Length > _options.MaxPathLength)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"path is longer than {_options.MaxPathLength} characters");
        }

        ZPath.EnsureValid(path);
    }

    private void EnsureDataSize(byte[] data)
    {
        if (data.Length > _options.MaxDataBytes)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"data is {data.Length} bytes; the limit is {_options.MaxDataBytes}");
        }
    }

    private static void CheckVersion(string path, int expected, int actual)
    {
        if (expected != -1 && expected != actual)
        {
            throw new KeeperException(ErrorCode.BadVersion, $"{path} is at version {actual}, not {expected}");
        }
    }

    /// <summary>Versions wrap but skip -1, which always means "any version".</summary>
    private static int NextVersion(int version) => unchecked(version + 1) == -1 ? 0 : unchecked(version + 1);
}
