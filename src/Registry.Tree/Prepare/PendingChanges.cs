using Registry.Tree.Nodes;

namespace Registry.Tree.Prepare;

/// <summary>
/// The overlay of in-flight changes that Prepare reads through: pending state first, then the applied tree.
/// A multi works in a scratch layer that is merged only if every op succeeds. Owned by the pipeline thread.
/// </summary>
internal sealed class PendingChanges(DataTree tree)
{
    private readonly Dictionary<string, PendingNode> _pending = new(StringComparer.Ordinal);
    private readonly Queue<(long Zxid, string Path)> _order = new();
    private readonly Dictionary<long, HashSet<string>> _pendingEphemerals = [];
    private readonly Dictionary<long, long> _closingSessions = [];
    private Dictionary<string, PendingNode>? _scratch;

    public int Count => _pending.Count;

    public PendingNode? Get(string path)
    {
        if (_scratch is not null && _scratch.TryGetValue(path, out var scratched))
        {
            return scratched.Exists ? scratched : null;
        }

        if (_pending.TryGetValue(path, out var pending))
        {
            return pending.Exists ? pending : null;
        }

        return tree.GetState(path) is { } state ? FromState(state) : null;
    }

    public void Set(string path, PendingNode node)
    {
        if (_scratch is not null)
        {
            _scratch[path] = node;
            return;
        }

        if (!node.Exists && _pending.TryGetValue(path, out var replaced) && EphemeralOwner.IsSession(replaced.EphemeralOwner))
        {
            ForgetPendingEphemeral(replaced.EphemeralOwner, path);
        }

        _pending[path] = node;
        _order.Enqueue((node.Zxid, path));
        if (EphemeralOwner.IsSession(node.EphemeralOwner) && node.Exists)
        {
            if (!_pendingEphemerals.TryGetValue(node.EphemeralOwner, out var paths))
            {
                _pendingEphemerals[node.EphemeralOwner] = paths = new HashSet<string>(StringComparer.Ordinal);
            }

            paths.Add(path);
        }
    }

    public bool IsClosing(long sessionId) => _closingSessions.ContainsKey(sessionId);

    public void MarkClosing(long sessionId, long zxid) => _closingSessions[sessionId] = zxid;

    /// <summary>Ephemerals the session will own once pending transactions apply.</summary>
    public IEnumerable<string> EphemeralsOf(long sessionId)
    {
        var paths = new HashSet<string>(tree.EphemeralsOf(sessionId), StringComparer.Ordinal);
        if (_pendingEphemerals.TryGetValue(sessionId, out var pending))
        {
            paths.UnionWith(pending);
        }

        return paths.Where(p => Get(p) is { } node && node.EphemeralOwner == sessionId).Order(StringComparer.Ordinal);
    }

    public void BeginScratch() => _scratch = new Dictionary<string, PendingNode>(StringComparer.Ordinal);

    public void CommitScratch()
    {
        var scratch = _scratch ?? throw new InvalidOperationException("no scratch layer");
        _scratch = null;
        foreach (var (path, node) in scratch)
        {
            Set(path, node);
        }
    }

    public void DiscardScratch() => _scratch = null;

    /// <summary>Forgets pending state that the tree now reflects (every transaction up to <paramref name="zxid"/> applied).</summary>
    public void Applied(long zxid)
    {
        while (_order.TryPeek(out var head) && head.Zxid <= zxid)
        {
            _order.Dequeue();
            if (_pending.TryGetValue(head.Path, out var node) && node.Zxid <= zxid)
            {
                _pending.Remove(head.Path);
                if (EphemeralOwner.IsSession(node.EphemeralOwner))
                {
                    ForgetPendingEphemeral(node.EphemeralOwner, head.Path);
                }
            }
        }

        if (_closingSessions.Count != 0)
        {
            ForgetClosedSessions(zxid);
        }
    }

    /// <summary>A method of its own: the lambda's captured state would otherwise be allocated on every transaction.</summary>
    private void ForgetClosedSessions(long zxid)
    {
        foreach (var session in _closingSessions.Where(s => s.Value <= zxid).Select(s => s.Key).ToList())
        {
            _closingSessions.Remove(session);
        }
    }

    /// <summary>Drops everything in flight (the pipeline lost its proposals, e.g. on a leader change).</summary>
    public void Clear()
    {
        _pending.Clear();
        _order.Clear();
        _pendingEphemerals.Clear();
        _closingSessions.Clear();
        _scratch = null;
    }

    private void ForgetPendingEphemeral(long owner, string path)
    {
        if (_pendingEphemerals.TryGetValue(owner, out var paths) && paths.Remove(path) && paths.Count == 0)
        {
            _pendingEphemerals.Remove(owner);
        }
    }

    private static PendingNode FromState(NodeState s) =>
        new(true, s.Version, s.Aversion, s.ChildCreates, s.NumChildren, s.EphemeralOwner, s.Acl, s.Mtime, 0);
}
