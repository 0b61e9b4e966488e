using Registry.Tree.Nodes;

namespace Registry.Tree.Snapshots;

/// <summary>
/// A snapshot being taken off the apply thread. <see cref="DataTree.BeginSnapshot"/> only records a cut (the tree's
/// change sequence number, its zxid, node count and the small session table); <see cref="WriteTo(Stream)"/> (or
/// <see cref="Copy()"/>) then walks the live tree on any thread. A node not changed since the cut is taken as it is;
/// the apply thread, before it first changes or deletes a node that existed at the cut, hands its pre-image to the
/// capture. Together these are exactly the nodes at the cut, whatever the apply thread does meanwhile. Every capture
/// must be walked once (until then the apply thread keeps pre-images for it).
/// </summary>
public sealed class SnapshotCapture
{
    private readonly DataTree _tree;
    private readonly IReadOnlyList<KeyValuePair<long, int>> _sessions;
    private readonly Lock _preservedLock = new();
    private Dictionary<string, TreeSnapshot.NodeRecord>? _preserved = new(StringComparer.Ordinal);

    internal SnapshotCapture(DataTree tree, long zxid, long cut, int nodeCount, IReadOnlyList<KeyValuePair<long, int>> sessions)
    {
        _tree = tree;
        Zxid = zxid;
        Cut = cut;
        NodeCount = nodeCount;
        _sessions = sessions;
    }

    /// <summary>The zxid of the state being captured.</summary>
    public long Zxid { get; }

    /// <summary>How many nodes the state at the cut has.</summary>
    public int NodeCount { get; }

    /// <summary>The tree's change sequence number at the cut: nodes changed later carry a higher one.</summary>
    internal long Cut { get; }

    /// <summary>
    /// Writes the state at the cut as a snapshot body, streaming from the live tree rather than copying it first (a
    /// copy of a large tree is a large allocation); call once, on any thread.
    /// </summary>
    public void WriteTo(Stream stream) => WriteTo(stream, static _ => { });

    /// <summary>Copies the state at the cut to memory; call once, on any thread.</summary>
    public TreeSnapshot Copy() => Copy(static _ => { });

    /// <summary>
    /// <see cref="WriteTo(Stream)"/> with <paramref name="afterEachNode"/> (given the number of nodes visited so far)
    /// run between node visits, so that tests can interleave the apply thread's work deterministically.
    /// </summary>
    internal void WriteTo(Stream stream, Action<int> afterEachNode)
    {
        var writer = new TreeSnapshotWriter(stream, Zxid, _sessions);
        var preserved = Walk(writer.WriteNode, afterEachNode);
        writer.Finish(preserved.Values);
    }

    /// <summary><see cref="Copy()"/> with <paramref name="afterEachNode"/>, as for <see cref="WriteTo(Stream, Action{int})"/>.</summary>
    internal TreeSnapshot Copy(Action<int> afterEachNode)
    {
        var nodes = new List<TreeSnapshot.NodeRecord>(NodeCount + 16);
        var preserved = Walk(nodes.Add, afterEachNode);
        return new TreeSnapshot(Zxid, _sessions, TreeSnapshot.WithPreserved(nodes, preserved));
    }

    /// <summary>Called by the apply thread, under the node's lock, before it first changes a node that existed at the cut.</summary>
    internal void Preserve(string path, DataNode node)
    {
        lock (_preservedLock)
        {
            _preserved?.TryAdd(path, node.ToRecord());
        }
    }

    /// <summary>
    /// Passes every node unchanged since the cut to <paramref name="take"/>, then returns the pre-images preserved
    /// meanwhile: the nodes that changed (some of them taken before they did).
    /// </summary>
    private Dictionary<string, TreeSnapshot.NodeRecord> Walk(Action<TreeSnapshot.NodeRecord> take, Action<int> afterEachNode)
    {
        var visited = 0;
        try
        {
            foreach (var node in _tree.LiveNodes)
            {
                var record = default(TreeSnapshot.NodeRecord);
                bool unchanged;
                lock (node)
                {
                    // A node changed after the cut is either new or its pre-image has been preserved (under this lock).
                    unchanged = node.ChangeSeq <= Cut;
                    if (unchanged)
                    {
                        record = node.ToRecord();
                    }
                }

                if (unchanged)
                {
                    take(record);
                }

                afterEachNode(++visited);
            }
        }
        finally
        {
            _tree.EndCapture(this);
        }

        lock (_preservedLock)
        {
            var preserved = _preserved ?? throw new InvalidOperationException("a capture is walked only once");
            _preserved = null;
            return preserved;
        }
    }
}
