using System.Buffers.Binary;
using System.Text;
using Registry.Tree.Acl;

namespace Registry.Tree.Snapshots;

/// <summary>
/// Writes a snapshot body (the format is described on <see cref="TreeSnapshot"/>) record by record, so that a capture
/// streams to its file without a copy of the tree in memory. Records are encoded straight into a 64 KiB buffer that
/// is passed on whole, so the stream below (a checksum, a file) sees large writes; the encoding is BinaryReader's
/// (little-endian integers, strings as a 7-bit length and UTF-8), which <see cref="TreeSnapshot.ReadFrom"/> reads.
/// A snapshot runs every so many transactions over every node, so this is the hot loop of a busy server's
/// background work. Each distinct ACL list is written once; nodes refer to it by number.
/// </summary>
internal sealed class TreeSnapshotWriter
{
    internal const int Magic = 0x52544752; // "RGTR"
    internal const int FormatVersion = 2;
    internal const byte NodeTag = 1;
    internal const byte EndOfNodesTag = 0;
    internal const int NewAcl = -1;

    private const int BufferSize = 64 * 1024;

    /// <summary>The Stat fields that end a node record: five longs, three ints and a long.</summary>
    private const int StatFieldBytes = (6 * sizeof(long)) + (3 * sizeof(int));

    private readonly Stream _output;
    private readonly Dictionary<IReadOnlyList<AclEntry>, int> _acls = new(AclListComparer.Instance);
    private byte[] _buffer = new byte[BufferSize];
    private int _length;
    private IReadOnlyList<AclEntry>? _lastAcl;
    private int _lastAclNumber;

    public TreeSnapshotWriter(Stream output, long zxid, IReadOnlyList<KeyValuePair<long, int>> sessions)
    {
        _output = output;
        WriteInt(Magic);
        WriteInt(FormatVersion);
        WriteLong(zxid);
        WriteInt(sessions.Count);
        foreach (var (id, timeout) in sessions)
        {
            WriteLong(id);
            WriteInt(timeout);
        }
    }

    /// <summary>Writes one node of the main section.</summary>
    public void WriteNode(TreeSnapshot.NodeRecord node)
    {
        Reserve(1)[0] = NodeTag;
        WriteRecord(node);
    }

    /// <summary>Ends the main section with the pre-images preserved while it was written, and flushes.</summary>
    public void Finish(IReadOnlyCollection<TreeSnapshot.NodeRecord> preserved)
    {
        Reserve(1)[0] = EndOfNodesTag;
        WriteInt(preserved.Count);
        foreach (var node in preserved)
        {
            WriteRecord(node);
        }

        Flush();
    }

    private void WriteRecord(in TreeSnapshot.NodeRecord n)
    {
        WriteString(n.Path);
        WriteInt(n.Data.Length);
        if (n.Data.Length > BufferSize)
        {
            Flush();
            _output.Write(n.Data);
        }
        else
        {
            n.Data.CopyTo(Reserve(n.Data.Length));
        }

        WriteAclReference(n.Acl);
        var fields = Reserve(StatFieldBytes);
        BinaryPrimitives.WriteInt64LittleEndian(fields, n.Czxid);
        BinaryPrimitives.WriteInt64LittleEndian(fields[8..], n.Mzxid);
        BinaryPrimitives.WriteInt64LittleEndian(fields[16..], n.Pzxid);
        BinaryPrimitives.WriteInt64LittleEndian(fields[24..], n.Ctime);
        BinaryPrimitives.WriteInt64LittleEndian(fields[32..], n.Mtime);
        BinaryPrimitives.WriteInt32LittleEndian(fields[40..], n.Version);
        BinaryPrimitives.WriteInt32LittleEndian(fields[44..], n.ChildCreates);
        BinaryPrimitives.WriteInt32LittleEndian(fields[48..], n.Aversion);
        BinaryPrimitives.WriteInt64LittleEndian(fields[52..], n.EphemeralOwner);
    }

    /// <summary>
    /// The number of an ACL list written before, or <see cref="NewAcl"/> and the list (TxnCodec's layout: int32 count,
    /// then int32 perms, scheme and id per entry), which gets the next number.
    /// </summary>
    private void WriteAclReference(IReadOnlyList<AclEntry> acl)
    {
        // Nodes share interned lists, mostly one: a reference check saves hashing the list for nearly every node.
        if (!ReferenceEquals(acl, _lastAcl) && !_acls.TryGetValue(acl, out _lastAclNumber))
        {
            _lastAclNumber = _acls.Count;
            _acls.Add(acl, _lastAclNumber);
            _lastAcl = acl;
            WriteInt(NewAcl);
            WriteInt(acl.Count);
            for (var i = 0; i < acl.Count; i++)
            {
                WriteInt((int)acl[i].Perms);
                WriteString(acl[i].Id.Scheme);
                WriteString(acl[i].Id.Value);
            }

            return;
        }

        _lastAcl = acl;
        WriteInt(_lastAclNumber);
    }

    private void WriteInt(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(sizeof(int)), value);

    private void WriteLong(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value);

    /// <summary>As BinaryWriter writes a string: its UTF-8 length as a 7-bit encoded integer, then the bytes.</summary>
    private void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var span = Reserve(5 + bytes);
        var at = 0;
        var length = (uint)bytes;
        for (; length >= 0x80; length >>= 7)
        {
            span[at++] = (byte)(length | 0x80);
        }

        span[at++] = (byte)length;
        at += Encoding.UTF8.GetBytes(value, span[at..]);
        _length -= span.Length - at;
    }

    /// <summary>The next <paramref name="count"/> bytes of the buffer, which the caller fills.</summary>
    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Flush();
            if (count > _buffer.Length)
            {
                // A path longer than the buffer: rare, and the buffer lives only as long as this snapshot.
                _buffer = new byte[count];
            }
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Flush()
    {
        _output.Write(_buffer, 0, _length);
        _length = 0;
    }
}
