using Registry.Tree.Nodes;
using Registry.Tree.Snapshots;
using Registry.Tree.Watches;

namespace Registry.Tree;

/// <summary>Capturing the tree for a snapshot and rebuilding it from one.</summary>
public sealed partial class DataTree
{
    /// <summary>The nodes as they are now, for a capture's walk.</summary>
    internal NodeTable LiveNodes => _nodes;

    /// <summary>
    /// Starts a snapshot of the state at <see cref="LastZxid"/>: call on the apply thread, which it holds up only to
    /// copy the session table. The nodes are then written by <see cref="SnapshotCapture.WriteTo(Stream)"/> (or copied by
    /// <see cref="SnapshotCapture.Copy()"/>) on any thread, which must follow.
    /// </summary>
    public SnapshotCapture BeginSnapshot()
    {
        var capture = new SnapshotCapture(this, LastZxid, _changeSeq, NodeCount, [.. _sessions]);
        lock (_capturesLock)
        {
            _captures = [.. _captures, capture];
        }

        return capture;
    }

    /// <summary>Copies the state at <see cref="LastZxid"/> on the calling thread, the apply thread.</summary>
    public TreeSnapshot CaptureSnapshot() => BeginSnapshot().Copy();

    /// <summary>The apply thread stops preserving pre-images for a capture whose walk is done.</summary>
    internal void EndCapture(SnapshotCapture capture)
    {
        lock (_capturesLock)
        {
            _captures = [.. _captures.Where(c => c != capture)];
        }
    }

    /// <summary>
    /// Called by the apply thread, under the node's lock, before it changes or deletes a node: hands the node's
    /// state to every capture whose cut it belongs to, then stamps it as changed now.
    /// </summary>
    private void Changing(string path, DataNode node)
    {
        foreach (var capture in Volatile.Read(ref _captures))
        {
            if (node.ChangeSeq <= capture.Cut)
            {
                capture.Preserve(path, node);
            }
        }

        node.ChangeSeq = _changeSeq;
    }

    /// <summary>Builds a tree from a snapshot; throws <see cref="InvalidDataException"/> if it is inconsistent.</summary>
    public static DataTree FromSnapshot(TreeSnapshot snapshot)
    {
        var tree = new DataTree(withBuiltIns: false);
        tree.Load(snapshot);
        return tree;
    }

    /// <summary>
    /// Replaces the whole state with <paramref name="snapshot"/> (a replica synchronised by a full snapshot) and
    /// reports the difference as the changes of one transaction at the snapshot's zxid, firing the watches they
    /// trigger, so that observers of applied transactions stay consistent. Call on the apply thread; throws
    /// <see cref="InvalidDataException"/> before changing anything if the snapshot is inconsistent.
    /// </summary>
    public ApplyResult InstallSnapshot(TreeSnapshot snapshot)
    {
        var fresh = FromSnapshot(snapshot);
        var changes = new List<TreeChange>();
        _changeSeq++;
        foreach (var node in _nodes)
        {
            var path = node.Path;
            lock (node)
            {
                Changing(path, node);
            }

            _aclCache.Release(node.Acl);

            if (!fresh._nodes.TryGetValue(path, out var next))
            {
                changes.Add(new TreeChange(EventType.NodeDeleted, path));
            }
            else if (next.Mzxid != node.Mzxid || next.Version != node.Version)
            {
                changes.Add(new TreeChange(EventType.NodeDataChanged, path));
            }

            if (next is null || next.Pzxid != node.Pzxid)
            {
                changes.Add(new TreeChange(EventType.NodeChildrenChanged, path));
            }
        }

        changes.AddRange(fresh._nodes.Where(n => !_nodes.ContainsKey(n.Path)).Select(n => new TreeChange(EventType.NodeCreated, n.Path)));
        lock (_indexLock)
        {
            _ephemerals.Clear();
            _containers.Clear();
            _ttlNodes.Clear();
        }

        _sessions.Clear();
        Load(snapshot);
        foreach (var change in changes)
        {
            Watches.Trigger(new WatchedEvent(change.Type, change.Path, snapshot.Zxid));
        }

        return new ApplyResult(snapshot.Zxid, OpResult.Ok, null, changes);
    }

    private void Load(TreeSnapshot snapshot)
    {
        foreach (var (id, timeout) in snapshot.Sessions)
        {
            _sessions[id] = timeout;
        }

        Volatile.Write(ref _sessionCount, _sessions.Count);

        // Built aside and swapped in whole: a reader never sees a node missing that both trees hold.
        var nodes = new NodeTable();
        foreach (var r in snapshot.Nodes)
        {
            if (ZPath.Validate(r.Path) is { } error || !nodes.TryAdd(new DataNode(r.Path, r.Data, _aclCache.Intern(r.Acl), r.Czxid, r.Ctime, r.EphemeralOwner)
            {
                Mzxid = r.Mzxid,
                Pzxid = r.Pzxid,
                Mtime = r.Mtime,
                Version = r.Version,
                ChildCreates = r.ChildCreates,
                Aversion = r.Aversion,
                ChangeSeq = _changeSeq,
            }))
            {
                throw new InvalidDataException($"snapshot holds an invalid or duplicate path '{r.Path}'");
            }

            IndexOwner(r.Path, r.EphemeralOwner, add: true);
        }

        foreach (var node in nodes)
        {
            if (node.Path == ZPath.Root)
            {
                continue;
            }

            if (!nodes.TryGetValue(ZPath.Parent(node.Path), out var parent))
            {
                throw new InvalidDataException($"snapshot holds {node.Path} without its parent");
            }

            parent.AddChild(node);
        }

        if (!nodes.ContainsKey(ZPath.Root))
        {
            throw new InvalidDataException("snapshot has no root node");
        }

        _nodes.ReplaceWith(nodes);
        Volatile.Write(ref _lastZxid, snapshot.Zxid);
    }
}
