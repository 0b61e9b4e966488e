using Registry.Tree.Nodes;
using Registry.Tree.Txns;
using Registry.Tree.Watches;

namespace Registry.Tree;

/// <summary>The single mutator: applies a prepared transaction and fires the watches it triggers.</summary>
public sealed partial class DataTree
{
    /// <summary>
    /// Applies <paramref name="txn"/> at <paramref name="header"/>'s zxid. A prepared transaction always
    /// succeeds; error results only appear if a transaction is replayed onto a state that already has it.
    /// </summary>
    public ApplyResult Apply(TxnHeader header, Txn txn)
    {
        if (header.Zxid <= LastZxid)
        {
            throw new InvalidOperationException($"zxid 0x{header.Zxid:x} applied after 0x{LastZxid:x}: transactions must be applied in order");
        }

        _changeSeq++;
        var changes = new List<TreeChange>(2);
        OpResult result;
        List<OpResult>? multiResults = null;
        if (txn is MultiTxn multi)
        {
            multiResults = new List<OpResult>(multi.Ops.Count);
            foreach (var op in multi.Ops)
            {
                multiResults.Add(ApplyOne(header, op, changes));
            }

            result = multiResults.Find(r => !r.IsOk) is { Error: not ErrorCode.Ok } failed ? failed : OpResult.Ok;
        }
        else
        {
            result = ApplyOne(header, txn, changes);
        }

        Volatile.Write(ref _lastZxid, header.Zxid);
        foreach (var change in changes)
        {
            Watches.Trigger(new WatchedEvent(change.Type, change.Path, header.Zxid));
        }

        return new ApplyResult(header.Zxid, result, multiResults, changes);
    }

    private OpResult ApplyOne(TxnHeader header, Txn txn, List<TreeChange> changes) => txn switch
    {
        CreateTxn create => Create(header, create, changes),
        DeleteTxn delete => Delete(header.Zxid, delete.Path, changes),
        SetDataTxn set => SetData(header, set, changes),
        SetAclTxn setAcl => SetAcl(setAcl),
        CheckTxn check => _nodes.ContainsKey(check.Path) ? OpResult.Ok : new OpResult(ErrorCode.NoNode),
        CreateSessionTxn session => CreateSession(header.SessionId, session.TimeoutMs),
        CloseSessionTxn => CloseSession(header.Zxid, header.SessionId, changes),
        ErrorTxn error => new OpResult(error.Error),
        _ => throw new ArgumentException($"unknown transaction {txn.GetType().Name}", nameof(txn)),
    };

    private OpResult Create(TxnHeader header, CreateTxn txn, List<TreeChange> changes)
    {
        var parentPath = ZPath.Parent(txn.Path);
        if (!_nodes.TryGetValue(parentPath, out var parent))
        {
            return new OpResult(ErrorCode.NoNode);
        }

        if (_nodes.ContainsKey(txn.Path))
        {
            return new OpResult(ErrorCode.NodeExists);
        }

        var node = new DataNode(txn.Path, txn.Data, _aclCache.Intern(txn.Acl), header.Zxid, header.Time, txn.EphemeralOwner) { ChangeSeq = _changeSeq };
        _nodes.Add(node);
        lock (parent)
        {
            Changing(parentPath, parent);
            parent.AddChild(node);
            parent.ChildCreates++;
            parent.Pzxid = header.Zxid;
        }

        IndexOwner(txn.Path, txn.EphemeralOwner, add: true);
        changes.Add(new TreeChange(EventType.NodeCreated, txn.Path));
        changes.Add(new TreeChange(EventType.NodeChildrenChanged, parentPath));
        return new OpResult(ErrorCode.Ok, txn.Path, node.ToStat());
    }

    private OpResult Delete(long zxid, string path, List<TreeChange> changes)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            return new OpResult(ErrorCode.NoNode);
        }

        if (node.ChildCount != 0)
        {
            return new OpResult(ErrorCode.NotEmpty);
        }

        lock (node)
        {
            Changing(path, node);
        }

        var parentPath = ZPath.Parent(path);
        var parent = _nodes.Get(parentPath);
        lock (parent)
        {
            Changing(parentPath, parent);
            parent.RemoveChild(node);
            parent.Pzxid = zxid;
        }

        _nodes.Remove(node);
        _aclCache.Release(node.Acl);
        IndexOwner(path, node.EphemeralOwner, add: false);
        changes.Add(new TreeChange(EventType.NodeDeleted, path));
        changes.Add(new TreeChange(EventType.NodeChildrenChanged, parentPath));
        return OpResult.Ok;
    }

    private OpResult SetData(TxnHeader header, SetDataTxn txn, List<TreeChange> changes)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node))
        {
            return new OpResult(ErrorCode.NoNode);
        }

        Stat stat;
        lock (node)
        {
            Changing(txn.Path, node);
            node.Data = txn.Data;
            node.Version = txn.Version;
            node.Mzxid = header.Zxid;
            node.Mtime = header.Time;
            stat = node.ToStat();
        }

        changes.Add(new TreeChange(EventType.NodeDataChanged, txn.Path));
        return new OpResult(ErrorCode.Ok, txn.Path, stat);
    }

    private OpResult SetAcl(SetAclTxn txn)
    {
        if (!_nodes.TryGetValue(txn.Path, out var node))
        {
            return new OpResult(ErrorCode.NoNode);
        }

        var acl = _aclCache.Intern(txn.Acl);
        Stat stat;
        lock (node)
        {
            Changing(txn.Path, node);
            _aclCache.Release(node.Acl);
            node.Acl = acl;
            node.Aversion = txn.Version;
            stat = node.ToStat();
        }

        return new OpResult(ErrorCode.Ok, txn.Path, stat);
    }

    private OpResult CreateSession(long sessionId, int timeoutMs)
    {
        if (_sessions.TryAdd(sessionId, timeoutMs))
        {
            Volatile.Write(ref _sessionCount, _sessionCount + 1);
        }
        else
        {
            _sessions[sessionId] = timeoutMs;
        }

        return OpResult.Ok;
    }

    private OpResult CloseSession(long zxid, long sessionId, List<TreeChange> changes)
    {
        foreach (var path in EphemeralsOf(sessionId))
        {
            Delete(zxid, path, changes);
        }

        if (!_sessions.TryRemove(sessionId, out _))
        {
            return new OpResult(ErrorCode.SessionExpired);
        }

        Volatile.Write(ref _sessionCount, _sessionCount - 1);
        return OpResult.Ok;
    }

    private void IndexOwner(string path, long owner, bool add)
    {
        if (owner == 0)
        {
            return;
        }

        lock (_indexLock)
        {
            if (EphemeralOwner.IsContainer(owner))
            {
                Toggle(_containers);
            }
            else if (EphemeralOwner.IsTtl(owner))
            {
                Toggle(_ttlNodes);
            }
            else if (add)
            {
                if (!_ephemerals.TryGetValue(owner, out var paths))
                {
                    _ephemerals[owner] = paths = new HashSet<string>(StringComparer.Ordinal);
                }

                paths.Add(path);
            }
            else if (_ephemerals.TryGetValue(owner, out var paths) && paths.Remove(path) && paths.Count == 0)
            {
                _ephemerals.Remove(owner);
            }
        }

        void Toggle(HashSet<string> set)
        {
            if (add)
            {
                set.Add(path);
            }
            else
            {
                set.Remove(path);
            }
        }
    }
}
