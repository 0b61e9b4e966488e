using Registry.Tree.Acl;
using Registry.Tree.Txns;

namespace Registry.Tree.Snapshots;

/// <summary>
/// A consistent copy of the tree at <see cref="Zxid"/> in memory: what a snapshot body reads into, and what a
/// <see cref="SnapshotCapture"/> copies to when it is not streamed (data arrays and interned ACLs are shared, never
/// mutated). Node records are structs in one array, so that a copy of a large tree is one allocation rather than an
/// object per node.
/// <para>
/// Body format, version 2 (little-endian): magic "RGTR", int32 version, int64 zxid, int32 session count,
/// (int64 id, int32 timeoutMs)*, then (byte 1, node)* byte 0, then int32 count and that many nodes: the pre-images
/// of nodes changed while the first section was written. A node of the second section replaces one of the same path
/// in the first (both then hold the same state, taken at the cut). node = path, data, ACL reference, czxid, mzxid,
/// pzxid, ctime, mtime, int32 version, int32 childCreates, int32 aversion, int64 ephemeralOwner; an ACL reference is
/// int32 n for the n-th list defined so far, or -1 followed by the list (int32 count, (int32 perms, scheme, id)*),
/// which defines the next one. Version 1 (read only): the node count, then nodes with their ACL lists inline.
/// </para>
/// </summary>
public sealed class TreeSnapshot
{
    private const int FormatVersion1 = 1;

    internal TreeSnapshot(long zxid, IReadOnlyList<KeyValuePair<long, int>> sessions, IReadOnlyList<NodeRecord> nodes)
    {
        Zxid = zxid;
        Sessions = sessions;
        Nodes = nodes;
    }

    public long Zxid { get; }

    public int NodeCount => Nodes.Count;

    internal IReadOnlyList<KeyValuePair<long, int>> Sessions { get; }

    internal IReadOnlyList<NodeRecord> Nodes { get; }

    public void WriteTo(Stream stream)
    {
        var writer = new TreeSnapshotWriter(stream, Zxid, Sessions);
        foreach (var node in Nodes)
        {
            writer.WriteNode(node);
        }

        writer.Finish([]);
    }

    /// <summary>Reads a snapshot body; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static TreeSnapshot ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            var version = reader.ReadInt32() == TreeSnapshotWriter.Magic ? reader.ReadInt32() : 0;
            if (version is not (FormatVersion1 or TreeSnapshotWriter.FormatVersion))
            {
                throw new InvalidDataException($"not a tree snapshot of format version {FormatVersion1} or {TreeSnapshotWriter.FormatVersion}");
            }

            var zxid = reader.ReadInt64();
            var sessions = new List<KeyValuePair<long, int>>();
            for (var i = ReadCount(reader); i > 0; i--)
            {
                sessions.Add(new(reader.ReadInt64(), reader.ReadInt32()));
            }

            var nodes = version == FormatVersion1 ? ReadVersion1Nodes(reader) : ReadNodes(reader);
            return new TreeSnapshot(zxid, sessions, nodes);
        }
        catch (Exception e) when (TxnCodec.IsDecodeFailure(e))
        {
            throw new InvalidDataException($"tree snapshot is malformed: {e.Message}", e);
        }
    }

    private static List<NodeRecord> ReadNodes(BinaryReader reader)
    {
        var acls = new List<IReadOnlyList<AclEntry>>();
        var nodes = new List<NodeRecord>();
        for (var tag = reader.ReadByte(); tag != TreeSnapshotWriter.EndOfNodesTag; tag = reader.ReadByte())
        {
            if (tag != TreeSnapshotWriter.NodeTag)
            {
                throw new InvalidDataException($"unknown node tag {tag}");
            }

            nodes.Add(ReadNode(reader, acls));
        }

        var preserved = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
        for (var i = ReadCount(reader); i > 0; i--)
        {
            var node = ReadNode(reader, acls);
            if (!preserved.TryAdd(node.Path, node))
            {
                throw new InvalidDataException($"pre-image of {node.Path} written twice");
            }
        }

        return WithPreserved(nodes, preserved);
    }

    /// <summary>
    /// The nodes a walk took plus the pre-images preserved meanwhile, each preserved node replacing the walk's copy
    /// (a node taken and changed afterwards is in both, with the same state at the cut).
    /// </summary>
    internal static List<NodeRecord> WithPreserved(List<NodeRecord> walked, Dictionary<string, NodeRecord> preserved)
    {
        if (preserved.Count != 0)
        {
            walked.RemoveAll(n => preserved.ContainsKey(n.Path));
            walked.AddRange(preserved.Values);
        }

        return walked;
    }

    private static NodeRecord ReadNode(BinaryReader reader, List<IReadOnlyList<AclEntry>> acls)
    {
        var path = reader.ReadString();
        var data = TxnCodec.ReadBytes(reader);
        var reference = reader.ReadInt32();
        IReadOnlyList<AclEntry> acl;
        if (reference == TreeSnapshotWriter.NewAcl)
        {
            acl = TxnCodec.ReadAcl(reader);
            acls.Add(acl);
        }
        else
        {
            acl = reference >= 0 && reference < acls.Count ? acls[reference] : throw new InvalidDataException($"ACL reference {reference} before its definition");
        }

        return new NodeRecord(
            path, data, acl, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64());
    }

    private static List<NodeRecord> ReadVersion1Nodes(BinaryReader reader)
    {
        var nodes = new List<NodeRecord>();
        for (var i = ReadCount(reader); i > 0; i--)
        {
            nodes.Add(new NodeRecord(
                reader.ReadString(), TxnCodec.ReadBytes(reader), TxnCodec.ReadAcl(reader),
                reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
                reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64()));
        }

        return nodes;
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 ? count : throw new InvalidDataException($"negative count {count}");
    }

    internal readonly record struct NodeRecord(
        string Path, byte[] Data, IReadOnlyList<AclEntry> Acl, long Czxid, long Mzxid, long Pzxid, long Ctime, long Mtime,
        int Version, int ChildCreates, int Aversion, long EphemeralOwner);
}
