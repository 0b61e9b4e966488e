using Registry.Tree.Nodes;
using Registry.Tree.Snapshots;

namespace Registry.Tree;

/// <summary>Capturing the tree for a snapshot and rebuilding it from one.</summary>
public sealed partial class DataTree
{
    /// <summary>Copies the tree's state at <see cref="LastZxid"/>; call on the apply thread.</summary>
    public TreeSnapshot CaptureSnapshot()
    {
        var nodes = new List<TreeSnapshot.NodeRecord>(_nodes.Count);
        foreach (var (path, n) in _nodes)
        {
            lock (n)
            {
                nodes.Add(new TreeSnapshot.NodeRecord(
                    path, n.Data, n.Acl, n.Czxid, n.Mzxid, n.Pzxid, n.Ctime, n.Mtime, n.Version, n.ChildCreates, n.Aversion, n.EphemeralOwner));
            }
        }

        return new TreeSnapshot(LastZxid, [.. _sessions], nodes);
    }

    /// <summary>Builds a tree from a snapshot; throws <see cref="InvalidDataException"/> if it is inconsistent.</summary>
    public static DataTree FromSnapshot(TreeSnapshot snapshot)
    {
        var tree = new DataTree(withBuiltIns: false);
        tree._lastZxid = snapshot.Zxid;
        foreach (var (id, timeout) in snapshot.Sessions)
        {
            tree._sessions[id] = timeout;
        }

        foreach (var r in snapshot.Nodes)
        {
            if (ZPath.Validate(r.Path) is { } error || !tree._nodes.TryAdd(r.Path, new DataNode(r.Data, tree._aclCache.Intern(r.Acl), r.Czxid, r.Ctime, r.EphemeralOwner)
            {
                Mzxid = r.Mzxid,
                Pzxid = r.Pzxid,
                Mtime = r.Mtime,
                Version = r.Version,
                ChildCreates = r.ChildCreates,
                Aversion = r.Aversion,
            }))
            {
                throw new InvalidDataException($"snapshot holds an invalid or duplicate path '{r.Path}'");
            }

            tree.IndexOwner(r.Path, r.EphemeralOwner, add: true);
        }

        foreach (var path in tree._nodes.Keys.Where(p => p != ZPath.Root))
        {
            if (!tree._nodes.TryGetValue(ZPath.Parent(path), out var parent))
            {
                throw new InvalidDataException($"snapshot holds {path} without its parent");
            }

            parent.AddChild(ZPath.Name(path));
        }

        if (!tree._nodes.ContainsKey(ZPath.Root))
        {
            throw new InvalidDataException("snapshot has no root node");
        }

        return tree;
    }
}
