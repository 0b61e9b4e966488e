using Registry.Tree.Acl;
using Registry.Tree.Txns;

namespace Registry.Tree.Snapshots;

/// <summary>
/// Writes a snapshot body (the format is described on <see cref="TreeSnapshot"/>) record by record, so that a capture
/// streams to its file without a copy of the tree in memory. Records are encoded into a 64 KiB buffer that is passed
/// on whole, so the stream below (a checksum, a file) sees large writes. Each distinct ACL list is written once;
/// nodes refer to it by number.
/// </summary>
internal sealed class TreeSnapshotWriter : IDisposable
{
    internal const int Magic = 0x52544752; // "RGTR"
    internal const int FormatVersion = 2;
    internal const byte NodeTag = 1;
    internal const byte EndOfNodesTag = 0;
    internal const int NewAcl = -1;

    private const int FlushThreshold = 64 * 1024;

    private readonly Stream _output;
    private readonly MemoryStream _buffer = new(FlushThreshold + 4096);
    private readonly BinaryWriter _writer;
    private readonly Dictionary<IReadOnlyList<AclEntry>, int> _acls = new(AclListComparer.Instance);
    private IReadOnlyList<AclEntry>? _lastAcl;
    private int _lastAclNumber;

    public TreeSnapshotWriter(Stream output, long zxid, IReadOnlyList<KeyValuePair<long, int>> sessions)
    {
        _output = output;
        _writer = new BinaryWriter(_buffer, System.Text.Encoding.UTF8, leaveOpen: true);
        _writer.Write(Magic);
        _writer.Write(FormatVersion);
        _writer.Write(zxid);
        _writer.Write(sessions.Count);
        foreach (var (id, timeout) in sessions)
        {
            _writer.Write(id);
            _writer.Write(timeout);
        }
    }

    /// <summary>Writes one node of the main section.</summary>
    public void WriteNode(TreeSnapshot.NodeRecord node)
    {
        _writer.Write(NodeTag);
        WriteRecord(node);
    }

    /// <summary>Ends the main section with the pre-images preserved while it was written, and flushes.</summary>
    public void Finish(IReadOnlyCollection<TreeSnapshot.NodeRecord> preserved)
    {
        _writer.Write(EndOfNodesTag);
        _writer.Write(preserved.Count);
        foreach (var node in preserved)
        {
            WriteRecord(node);
        }

        Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }

    private void WriteRecord(in TreeSnapshot.NodeRecord n)
    {
        _writer.Write(n.Path);
        TxnCodec.WriteBytes(_writer, n.Data);
        WriteAclReference(n.Acl);
        _writer.Write(n.Czxid);
        _writer.Write(n.Mzxid);
        _writer.Write(n.Pzxid);
        _writer.Write(n.Ctime);
        _writer.Write(n.Mtime);
        _writer.Write(n.Version);
        _writer.Write(n.ChildCreates);
        _writer.Write(n.Aversion);
        _writer.Write(n.EphemeralOwner);
        if (_buffer.Length >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>The number of an ACL list written before, or <see cref="NewAcl"/> and the list, which gets the next number.</summary>
    private void WriteAclReference(IReadOnlyList<AclEntry> acl)
    {
        // Nodes share interned lists, mostly one: a reference check saves hashing the list for nearly every node.
        if (!ReferenceEquals(acl, _lastAcl) && !_acls.TryGetValue(acl, out _lastAclNumber))
        {
            _lastAclNumber = _acls.Count;
            _acls.Add(acl, _lastAclNumber);
            _lastAcl = acl;
            _writer.Write(NewAcl);
            TxnCodec.WriteAcl(_writer, acl);
            return;
        }

        _lastAcl = acl;
        _writer.Write(_lastAclNumber);
    }

    private void Flush()
    {
        _writer.Flush();
        _output.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        _buffer.SetLength(0);
    }
}
