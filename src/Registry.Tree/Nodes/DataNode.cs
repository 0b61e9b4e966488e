using Registry.Tree.Acl;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Nodes;

/// <summary>
/// One znode: data, an interned ACL, the persisted Stat fields and the child names. The apply thread
/// mutates it under its own lock; readers copy what they need under the same lock. Data arrays are
/// never mutated in place (setData swaps the reference).
/// </summary>
internal sealed class DataNode
{
    private static readonly HashSet<string> NoChildren = [];

    public DataNode(byte[] data, IReadOnlyList<AclEntry> acl, long zxid, long time, long ephemeralOwner)
    {
        Data = data;
        Acl = acl;
        Czxid = Mzxid = Pzxid = zxid;
        Ctime = Mtime = time;
        EphemeralOwner = ephemeralOwner;
    }

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

    /// <summary>Child names; allocated on first child so that leaves (most nodes) carry no set.</summary>
    public HashSet<string> Children { get; private set; } = NoChildren;

    public int ChildCount => Children.Count;

    public void AddChild(string name)
    {
        if (ReferenceEquals(Children, NoChildren))
        {
            Children = new HashSet<string>(StringComparer.Ordinal);
        }

        Children.Add(name);
    }

    public bool RemoveChild(string name) => !ReferenceEquals(Children, NoChildren) && Children.Remove(name);

    public TreeSnapshot.NodeRecord ToRecord(string path) => new(
        path, Data, Acl, Czxid, Mzxid, Pzxid, Ctime, Mtime, Version, ChildCreates, Aversion, EphemeralOwner);

    public Stat ToStat() => new(
        Czxid, Mzxid, Ctime, Mtime, Version,
        unchecked((2 * ChildCreates) - Children.Count),
        Aversion, Registry.Tree.EphemeralOwner.Visible(EphemeralOwner), Data.Length, Children.Count, Pzxid);
}
