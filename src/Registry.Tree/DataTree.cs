using System.Collections.Concurrent;
using Registry.Tree.Acl;
using Registry.Tree.Nodes;
using Registry.Tree.Snapshots;
using Registry.Tree.Txns;
using Registry.Tree.Watches;

namespace Registry.Tree;

/// <summary>
/// The replicated state: znodes in a flat map keyed by full path, the session table, and the indexes
/// derived from them (ephemerals per session, containers, TTL nodes). <see cref="Apply"/> is the only
/// mutator and is called by a single thread in zxid order; reads may come from any thread.
/// </summary>
public sealed partial class DataTree
{
    private readonly NodeTable _nodes = new();
    private readonly ConcurrentDictionary<long, int> _sessions = new();
    private readonly Dictionary<long, HashSet<string>> _ephemerals = [];
    private readonly HashSet<string> _containers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ttlNodes = new(StringComparer.Ordinal);
    private readonly Lock _indexLock = new();
    private readonly AclCache _aclCache = new();
    private readonly Lock _capturesLock = new();
    private SnapshotCapture[] _captures = [];
    private long _lastZxid;

    /// <summary>Written only by the apply thread, with the session table.</summary>
    private int _sessionCount;

    /// <summary>Counts applied transactions and installed snapshots; written only by the apply thread.</summary>
    private long _changeSeq;

    public DataTree()
        : this(withBuiltIns: true)
    {
    }

    private DataTree(bool withBuiltIns)
    {
        if (!withBuiltIns)
        {
            return;
        }

        var root = new DataNode(ZPath.Root, [], _aclCache.Intern(AclEntry.OpenUnsafe), 0, 0, 0);
        _nodes.Add(root);
        AddBuiltIn(ZPath.ZooKeeper, AclEntry.OpenUnsafe);
        AddBuiltIn(ZPath.Quota, AclEntry.OpenUnsafe);
        AddBuiltIn(ZPath.Config, AclEntry.ReadUnsafe);
    }

    /// <summary>Watches fired by <see cref="Apply"/>.</summary>
    public WatchManager Watches { get; } = new();

    /// <summary>The zxid of the last applied transaction.</summary>
    public long LastZxid => Volatile.Read(ref _lastZxid);

    /// <summary>Distinct ACL lists in use (the interning cache's size); apply thread only.</summary>
    internal int AclListCount => _aclCache.Count;

    /// <summary>How many nodes exist; reading it takes no locks.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Open sessions and their negotiated timeouts (ms).</summary>
    public IReadOnlyDictionary<long, int> Sessions => _sessions;

    /// <summary>How many sessions are open; unlike <c>Sessions.Count</c> it takes no locks, so the apply thread can read it per transaction.</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    public int EphemeralCount
    {
        get
        {
            lock (_indexLock)
            {
                return _ephemerals.Values.Sum(s => s.Count);
            }
        }
    }

    public bool Exists(string path) => _nodes.ContainsKey(path);

    /// <summary>exists(): the Stat, registering a data watch whether or not the node exists.</summary>
    public bool TryGetStat(string path, out Stat stat, IWatcher? watcher = null)
    {
        if (_nodes.TryGetValue(path, out var node))
        {
            lock (node)
            {
                stat = node.ToStat();
                if (watcher is not null)
                {
                    Watches.AddDataWatch(path, watcher);
                }
            }

            return true;
        }

        if (watcher is not null)
        {
            Watches.AddDataWatch(path, watcher);
            if (_nodes.TryGetValue(path, out node))
            {
                // Created between the lookup and the registration: report it like a read after the create.
                lock (node)
                {
                    stat = node.ToStat();
                }

                return true;
            }
        }

        stat = default;
        return false;
    }

    /// <summary>getData(): data and Stat; a watch is left only when the node exists.</summary>
    public bool TryGetData(string path, out byte[] data, out Stat stat, IWatcher? watcher = null)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            data = [];
            stat = default;
            return false;
        }

        lock (node)
        {
            data = node.Data;
            stat = node.ToStat();
            if (watcher is not null)
            {
                Watches.AddDataWatch(path, watcher);
            }
        }

        return true;
    }

    /// <summary>getChildren(): child names and the parent's Stat; a child watch is left only when the node exists.</summary>
    public bool TryGetChildren(string path, out List<string> children, out Stat stat, IWatcher? watcher = null)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            children = [];
            stat = default;
            return false;
        }

        lock (node)
        {
            children = node.ChildNames();
            stat = node.ToStat();
            if (watcher is not null)
            {
                Watches.AddChildWatch(path, watcher);
            }
        }

        return true;
    }

    /// <summary>The node's ACL (the interned list) and Stat, or null when it does not exist.</summary>
    public IReadOnlyList<AclEntry>? GetAcl(string path, out Stat stat)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            stat = default;
            return null;
        }

        lock (node)
        {
            stat = node.ToStat();
            return node.Acl;
        }
    }

    /// <summary>Paths of the ephemerals a session owns, sorted.</summary>
    public IReadOnlyList<string> EphemeralsOf(long sessionId)
    {
        lock (_indexLock)
        {
            return _ephemerals.TryGetValue(sessionId, out var paths) ? paths.Order(StringComparer.Ordinal).ToList() : [];
        }
    }

    /// <summary>Number of all descendants of a node (getAllChildrenNumber); -1 when it does not exist.</summary>
    public int CountDescendants(string path)
    {
        if (!_nodes.ContainsKey(path))
        {
            return -1;
        }

        if (path == ZPath.Root)
        {
            return _nodes.Count - 1;
        }

        var count = 0;
        foreach (var node in _nodes)
        {
            if (node.Path.Length > path.Length && ZPath.IsWithin(node.Path, path))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Containers and TTL nodes that are due for deletion at <paramref name="now"/> (ZooKeeper's ContainerManager rules).</summary>
    public IReadOnlyList<string> ReapCandidates(long now)
    {
        List<string> paths;
        lock (_indexLock)
        {
            paths = [.. _containers, .. _ttlNodes];
        }

        var due = new List<string>();
        foreach (var path in paths)
        {
            if (_nodes.TryGetValue(path, out var node) && IsReapable(node, now))
            {
                due.Add(path);
            }
        }

        return due;
    }

    internal static bool IsReapable(long ephemeralOwner, int childCount, int childCreates, long mtime, long now)
    {
        if (childCount != 0)
        {
            return false;
        }

        if (EphemeralOwner.IsContainer(ephemeralOwner))
        {
            return childCreates > 0;
        }

        return EphemeralOwner.IsTtl(ephemeralOwner) && now - mtime > EphemeralOwner.TtlOf(ephemeralOwner);
    }

    private static bool IsReapable(DataNode node, long now)
    {
        lock (node)
        {
            return IsReapable(node.EphemeralOwner, node.ChildCount, node.ChildCreates, node.Mtime, now);
        }
    }

    /// <summary>The node's state as Prepare needs it, read consistently; null when it does not exist.</summary>
    internal NodeState? GetState(string path)
    {
        if (!_nodes.TryGetValue(path, out var node))
        {
            return null;
        }

        lock (node)
        {
            return new NodeState(node.Version, node.Aversion, node.ChildCreates, node.ChildCount, node.EphemeralOwner, node.Acl, node.Mtime);
        }
    }

    private void AddBuiltIn(string path, IReadOnlyList<AclEntry> acl)
    {
        var node = new DataNode(path, [], _aclCache.Intern(acl), 0, 0, 0);
        _nodes.Add(node);
        _nodes.Get(ZPath.Parent(path)).AddChild(node);
    }
}
