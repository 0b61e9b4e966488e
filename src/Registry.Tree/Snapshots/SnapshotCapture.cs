using Registry.Tree.Nodes;

namespace Registry.Tree.Snapshots;

/// <summary>
/// A snapshot being copied off the apply thread. <see cref="DataTree.BeginSnapshot"/> only records a cut (the
/// tree's change sequence number, its zxid and the small session table); <see cref="Copy"/> then walks the live
/// tree on any thread. A node not changed since the cut is copied as it is; the apply thread, before it first
/// changes or deletes a node that existed at the cut, hands its pre-image to the capture. Together these are
/// exactly the nodes at the cut, whatever the apply thread does meanwhile. Every capture must be copied once
/// (until then the apply thread keeps pre-images for it).
/// </summary>
public sealed class SnapshotCapture
{
    private readonly DataTree _tree;
    private readonly IReadOnlyList<KeyValuePair<long, int>> _sessions;
    private readonly Lock _preservedLock = new();
    private Dictionary<string, TreeSnapshot.NodeRecord>? _preserved = new(StringComparer.Ordinal);

    internal SnapshotCapture(DataTree tree, long zxid, long cut, IReadOnlyList<KeyValuePair<long, int>> sessions)
    {
        _tree = tree;
        Zxid = zxid;
        Cut = cut;
        _sessions = sessions;
    }

    /// <summary>The zxid of the state being captured.</summary>
    public long Zxid { get; }

    /// <summary>The tree's change sequence number at the cut: nodes changed later carry a higher one.</summary>
    internal long Cut { get; }

    /// <summary>Copies the state at the cut; call once, on any thread.</summary>
    public TreeSnapshot Copy() => Copy(static _ => { });

    /// <summary>
    /// <see cref="Copy()"/> with <paramref name="afterEachNode"/> (given the number of nodes visited so far) run
    /// between node visits, so that tests can interleave the apply thread's work deterministically.
    /// </summary>
    internal TreeSnapshot Copy(Action<int> afterEachNode)
    {
        var nodes = new List<TreeSnapshot.NodeRecord>(_tree.NodeCount + 16);
        var visited = 0;
        try
        {
            foreach (var (path, node) in _tree.LiveNodes)
            {
                lock (node)
                {
                    // A node changed after the cut is either new or its pre-image has been preserved (under this lock).
                    if (node.ChangeSeq <= Cut)
                    {
                        nodes.Add(node.ToRecord(path));
                    }
                }

                afterEachNode(++visited);
            }
        }
        finally
        {
            _tree.EndCapture(this);
        }
        Dictionary<string, TreeSnapshot.NodeRecord> preserved;
        lock (_preservedLock)
        {
            preserved = _preserved ?? throw new InvalidOperationException("a capture is copied only once");
            _preserved = null;
        }

        if (preserved.Count != 0)
        {
            // A node copied by the walk and changed afterwards is in both, with the same (cut) state.
            nodes.RemoveAll(r => preserved.ContainsKey(r.Path));
            nodes.AddRange(preserved.Values);
        }

        return new TreeSnapshot(Zxid, _sessions, nodes);
    }

    /// <summary>Called by the apply thread, under the node's lock, before it first changes a node that existed at the cut.</summary>
    internal void Preserve(string path, DataNode node)
    {
        lock (_preservedLock)
        {
            _preserved?.TryAdd(path, node.ToRecord(path));
        }
    }
}
