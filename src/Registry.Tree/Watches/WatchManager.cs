namespace Registry.Tree.Watches;

/// <summary>
/// ZooKeeper's watch table: one-shot data and child watches plus persistent and persistent-recursive
/// watches. Readers add watches from any thread; the apply thread triggers them. For one mutation a
/// watcher is told at most once per path, whatever mix of watches it holds there.
/// </summary>
public sealed class WatchManager
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<IWatcher>> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<IWatcher>> _child = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<IWatcher>> _persistent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<IWatcher>> _recursive = new(StringComparer.Ordinal);

    public void AddDataWatch(string path, IWatcher watcher) => Add(_data, path, watcher);

    public void AddChildWatch(string path, IWatcher watcher) => Add(_child, path, watcher);

    public void AddPersistentWatch(string path, IWatcher watcher, bool recursive) => Add(recursive ? _recursive : _persistent, path, watcher);

    /// <summary>Counts of watched paths and watches, for four-letter words and metrics.</summary>
    public (int Paths, int Watches) Count()
    {
        lock (_lock)
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var watches = 0;
            foreach (var table in new[] { _data, _child, _persistent, _recursive })
            {
                foreach (var (path, set) in table)
                {
                    paths.Add(path);
                    watches += set.Count;
                }
            }

            return (paths.Count, watches);
        }
    }

    /// <summary>True when <paramref name="watcher"/> holds a watch of that kind on the path (checkWatches).</summary>
    public bool Contains(string path, IWatcher watcher, WatchKind kind)
    {
        lock (_lock)
        {
            return TablesFor(kind).Any(t => t.TryGetValue(path, out var set) && set.Contains(watcher));
        }
    }

    /// <summary>Removes the watcher's watches of that kind on the path; false when it had none (NoWatcher).</summary>
    public bool Remove(string path, IWatcher watcher, WatchKind kind)
    {
        lock (_lock)
        {
            var removed = false;
            foreach (var table in TablesFor(kind))
            {
                removed |= RemoveFrom(table, path, watcher);
            }

            return removed;
        }
    }

    /// <summary>Drops every watch of a watcher (its connection closed or its long poll gave up).</summary>
    public void RemoveWatcher(IWatcher watcher)
    {
        lock (_lock)
        {
            foreach (var table in new[] { _data, _child, _persistent, _recursive })
            {
                foreach (var path in table.Where(p => p.Value.Contains(watcher)).Select(p => p.Key).ToList())
                {
                    RemoveFrom(table, path, watcher);
                }
            }
        }
    }

    /// <summary>All paths a watcher watches, by kind (for setWatches on reconnect and for wchs).</summary>
    public IReadOnlyList<(string Path, WatchKind Kind)> WatchesOf(IWatcher watcher)
    {
        lock (_lock)
        {
            var result = new List<(string, WatchKind)>();
            Collect(_data, WatchKind.Data);
            Collect(_child, WatchKind.Children);
            Collect(_persistent, WatchKind.Persistent);
            Collect(_recursive, WatchKind.PersistentRecursive);
            return result;

            void Collect(Dictionary<string, HashSet<IWatcher>> table, WatchKind kind) =>
                result.AddRange(table.Where(p => p.Value.Contains(watcher)).Select(p => (p.Key, kind)));
        }
    }

    /// <summary>Fires the watches a change of <paramref name="watchedEvent"/>'s path triggers (ZooKeeper's trigger table).</summary>
    public void Trigger(WatchedEvent watchedEvent)
    {
        var targets = CollectTargets(watchedEvent);
        if (targets is null)
        {
            return;
        }

        foreach (var watcher in targets)
        {
            watcher.Process(watchedEvent);
        }
    }

    private HashSet<IWatcher>? CollectTargets(WatchedEvent e)
    {
        HashSet<IWatcher>? targets = null;
        lock (_lock)
        {
            switch (e.Type)
            {
                case EventType.NodeCreated or EventType.NodeDataChanged:
                    Take(_data, e.Path, ref targets);
                    break;
                case EventType.NodeDeleted:
                    Take(_data, e.Path, ref targets);
                    Take(_child, e.Path, ref targets);
                    break;
                case EventType.NodeChildrenChanged:
                    Take(_child, e.Path, ref targets);
                    break;
            }

            if (_persistent.TryGetValue(e.Path, out var persistent))
            {
                (targets ??= []).UnionWith(persistent);
            }

            if (_recursive.Count > 0 && e.Type != EventType.NodeChildrenChanged)
            {
                for (var path = e.Path; ; path = ZPath.Parent(path))
                {
                    if (_recursive.TryGetValue(path, out var recursive))
                    {
                        (targets ??= []).UnionWith(recursive);
                    }

                    if (path == ZPath.Root)
                    {
                        break;
                    }
                }
            }
        }

        return targets;
    }

    private static void Take(Dictionary<string, HashSet<IWatcher>> table, string path, ref HashSet<IWatcher>? targets)
    {
        if (table.Remove(path, out var set))
        {
            if (targets is null)
            {
                targets = set;
            }
            else
            {
                targets.UnionWith(set);
            }
        }
    }

    private void Add(Dictionary<string, HashSet<IWatcher>> table, string path, IWatcher watcher)
    {
        lock (_lock)
        {
            if (!table.TryGetValue(path, out var set))
            {
                table[path] = set = [];
            }

            set.Add(watcher);
        }
    }

    private static bool RemoveFrom(Dictionary<string, HashSet<IWatcher>> table, string path, IWatcher watcher)
    {
        if (!table.TryGetValue(path, out var set) || !set.Remove(watcher))
        {
            return false;
        }

        if (set.Count == 0)
        {
            table.Remove(path);
        }

        return true;
    }

    private Dictionary<string, HashSet<IWatcher>>[] TablesFor(WatchKind kind) => kind switch
    {
        WatchKind.Children => [_child],
        WatchKind.Data => [_data],
        WatchKind.Persistent => [_persistent],
        WatchKind.PersistentRecursive => [_recursive],
        _ => [_data, _child, _persistent, _recursive],
    };
}
