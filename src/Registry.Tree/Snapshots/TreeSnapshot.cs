using Registry.Tree.Acl;
using Registry.Tree.Txns;

namespace Registry.Tree.Snapshots;

/// <summary>
/// A consistent copy of the tree at <see cref="Zxid"/>, copied off the apply thread by a <see cref="SnapshotCapture"/>
/// (data arrays and interned ACLs are shared, never mutated) and serialised in the background. Node records are
/// structs in one array, so that a capture of a large tree is one allocation rather than an object per node.
/// Body format (little-endian): magic "RGTR", int32 version 1, int64 zxid, int32 session count,
/// (int64 id, int32 timeoutMs)*, int32 node count, node*; node = path, data, ACL, czxid, mzxid, pzxid,
/// ctime, mtime, int32 version, int32 childCreates, int32 aversion, int64 ephemeralOwner.
/// </summary>
public sealed class TreeSnapshot
{
    private const int Magic = 0x52544752; // "RGTR"
    private const int FormatVersion = 1;

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
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Zxid);
        writer.Write(Sessions.Count);
        foreach (var (id, timeout) in Sessions)
        {
            writer.Write(id);
            writer.Write(timeout);
        }

        writer.Write(Nodes.Count);
        foreach (var n in Nodes)
        {
            writer.Write(n.Path);
            TxnCodec.WriteBytes(writer, n.Data);
            TxnCodec.WriteAcl(writer, n.Acl);
            writer.Write(n.Czxid);
            writer.Write(n.Mzxid);
            writer.Write(n.Pzxid);
            writer.Write(n.Ctime);
            writer.Write(n.Mtime);
            writer.Write(n.Version);
            writer.Write(n.ChildCreates);
            writer.Write(n.Aversion);
            writer.Write(n.EphemeralOwner);
        }
    }

    /// <summary>Reads a snapshot body; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    public static TreeSnapshot ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("not a tree snapshot of format version 1");
            }

            var zxid = reader.ReadInt64();
            var sessions = new List<KeyValuePair<long, int>>();
            for (var i = ReadCount(reader); i > 0; i--)
            {
                sessions.Add(new(reader.ReadInt64(), reader.ReadInt32()));
            }

            var nodes = new List<NodeRecord>();
            for (var i = ReadCount(reader); i > 0; i--)
            {
                nodes.Add(new NodeRecord(
                    reader.ReadString(), TxnCodec.ReadBytes(reader), TxnCodec.ReadAcl(reader),
                    reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
                    reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64()));
            }

            return new TreeSnapshot(zxid, sessions, nodes);
        }
        catch (Exception e) when (TxnCodec.IsDecodeFailure(e))
        {
            throw new InvalidDataException($"tree snapshot is malformed: {e.Message}", e);
        }
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
