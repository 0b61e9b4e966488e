using Registry.Tree.Acl;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Nodes;

/// <summary>
/// One znode: its path, data, an interned ACL, the persisted Stat fields and its children. The apply thread
/// mutates it under its own lock; readers copy what they need under the same lock. Data arrays are
/// never mutated in place (setData swaps the reference).
/// </summary>
internal sealed class DataNode
{
    private static readonly HashSet<DataNode> NoChildren = [];

    public DataNode(string path, byte[] data, IReadOnlyList<AclEntry> acl, long zxid, long time, long ephemeralOwner)
    {
        Path = path;
        Hash = HashOf(path);
        Data = data;
        Acl = acl;
        Czxid = Mzxid = Pzxid = zxid;
        Ctime = Mtime = time;
        EphemeralOwner = ephemeralOwner;
    }

    /// <summary>The full path, the node table's key.</summary>
    public string Path { get; }

    /// <summary>The path's hash, kept for the node table and the parent's child set.</summary>
    public int Hash { get; }

    public byte[] Data { get; set; }

    public IReadOnlyList<AclEntry> Acl { get; set; }

    public long Czxid { get; set; }

    public long Mzxid { get; set; }

    public long Pzxid { get; set; }

    public long Ctime { get; set; }

    public long Mtime { get; set; }

    public int Version { get; set; }

    /// <summary>Children ever created under this node: the sequential counter; visible cversion = 2C - numChildren.</summary>
    public int ChildCreates { get; set; }

    public int Aversion { get; set; }

    /// <summary>Stored form: session id, container or TTL marker, or 0.</summary>
    public long EphemeralOwner { get; set; }

    /// <summary>The tree's change sequence number when the apply thread last changed (or created) this node; see <see cref="SnapshotCapture"/>.</summary>
    public long ChangeSeq { get; set; }

    /// <summary>
    /// The child nodes themselves rather than their names: a name would be one more long-lived string per node, and
    /// the garbage collector's pauses grow with the number of objects that survive. Allocated on the first child, so
    /// that leaves (most nodes) carry no set.
    /// </summary>
    public HashSet<DataNode> Children { get; private set; } = NoChildren;

    public int ChildCount => Children.Count;

    /// <summary>The last path segment (allocated per call: reads of children are rarer than creates).</summary>
    public string Name => ZPath.Name(Path);

    public void AddChild(DataNode child)
    {
        if (ReferenceEquals(Children, NoChildren))
        {
            Children = new HashSet<DataNode>(ByPath.Instance);
        }

        Children.Add(child);
    }

    public bool RemoveChild(DataNode child) => !ReferenceEquals(Children, NoChildren) && Children.Remove(child);

    /// <summary>The names of the children, in no particular order (like ZooKeeper's).</summary>
    public List<string> ChildNames()
    {
        var names = new List<string>(Children.Count);
        foreach (var child in Children)
        {
            names.Add(child.Name);
        }

        return names;
    }

    public TreeSnapshot.NodeRecord ToRecord() => new(
        Path, Data, Acl, Czxid, Mzxid, Pzxid, Ctime, Mtime, Version, ChildCreates, Aversion, EphemeralOwner);

    public Stat ToStat() => new(
        Czxid, Mzxid, Ctime, Mtime, Version,
        unchecked((2 * ChildCreates) - Children.Count),
        Aversion, Registry.Tree.EphemeralOwner.Visible(EphemeralOwner), Data.Length, Children.Count, Pzxid);

    public static int HashOf(string path) => string.GetHashCode(path, StringComparison.Ordinal);

    /// <summary>
    /// Children are distinct nodes with distinct paths. Hashing the path, not the object: an object's identity hash
    /// lives in its header, where it would push the lock this node is used with out into a sync block.
    /// </summary>
    private sealed class ByPath : IEqualityComparer<DataNode>
    {
        public static readonly ByPath Instance = new();

        public bool Equals(DataNode? x, DataNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(DataNode node) => node.Hash;
    }
}
