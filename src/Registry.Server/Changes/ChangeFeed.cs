using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Server.Changes;

/// <summary>
/// A bounded, in-memory log of node creations, deletions and data changes, in zxid order, with waiters
/// keyed by path: a long poll costs a registration, not a thread, and is woken only by a change under
/// the path it follows. "Under" is the path and its direct children, or the whole subtree when recursive.
/// </summary>
public sealed class ChangeFeed : IApplyObserver
{
    private readonly ChangeEvent[] _ring;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TaskCompletionSource>> _direct = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource>> _recursive = new(StringComparer.Ordinal);
    private long _count;
    private long _lastZxid;
    private long _oldestRetained;

    public ChangeFeed(ServerOptions options, TreeDatabase? database = null)
    {
        _ring = new ChangeEvent[options.ChangeLogCapacity];
        _lastZxid = _oldestRetained = database?.Tree.LastZxid ?? 0;
    }

    /// <summary>The zxid the feed is complete up to.</summary>
    public long LastZxid
    {
        get
        {
            lock (_lock)
            {
                return _lastZxid;
            }
        }
    }

    public void OnApplied(ApplyResult result)
    {
        List<TaskCompletionSource>? woken = null;
        lock (_lock)
        {
            for (var i = 0; i < result.Changes.Count; i++)
            {
                var change = result.Changes[i];
                if (change.Type == EventType.NodeChildrenChanged)
                {
                    continue;
                }

                if (_count >= _ring.Length)
                {
                    _oldestRetained = _ring[_count % _ring.Length].Zxid;
                }

                _ring[_count % _ring.Length] = new ChangeEvent(change.Type, change.Path, result.Zxid);
                _count++;
                Take(_direct, change.Path, ref woken);
                if (change.Path != ZPath.Root)
                {
                    Take(_direct, ZPath.Parent(change.Path), ref woken);
                }

                if (_recursive.Count > 0)
                {
                    for (var path = change.Path; ; path = ZPath.Parent(path))
                    {
                        Take(_recursive, path, ref woken);
                        if (path == ZPath.Root)
                        {
                            break;
                        }
                    }
                }
            }

            _lastZxid = result.Zxid;
        }

        woken?.ForEach(w => w.TrySetResult());
    }

    /// <summary>Changes under <paramref name="path"/> with zxid greater than <paramref name="afterZxid"/>, at most <paramref name="limit"/>.</summary>
    public ChangeBatch Read(string path, bool recursive, long afterZxid, int limit)
    {
        lock (_lock)
        {
            var reset = afterZxid < _oldestRetained;
            var events = new List<ChangeEvent>();
            var first = FirstAfter(afterZxid);
            var truncated = false;
            for (var i = first; i < _count; i++)
            {
                var e = _ring[i % _ring.Length];
                if (!Matches(e.Path, path, recursive))
                {
                    continue;
                }

                // A page never ends inside one transaction's changes, so resuming from its index skips nothing.
                if (events.Count >= limit && e.Zxid != events[^1].Zxid)
                {
                    truncated = true;
                    break;
                }

                events.Add(e);
            }

            var index = truncated ? events[^1].Zxid : _lastZxid;
            return new ChangeBatch(index, reset, events);
        }
    }

    /// <summary>
    /// Waits until a change under the path has a zxid above <paramref name="afterZxid"/>, or the wait runs out.
    /// Returns at once when such a change is already in the feed.
    /// </summary>
    public async Task<ChangeBatch> WaitAsync(string path, bool recursive, long afterZxid, int limit, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var table = recursive ? _recursive : _direct;
        ChangeBatch batch;
        lock (_lock)
        {
            batch = Read(path, recursive, afterZxid, limit);
            if (batch.Events.Count > 0 || batch.Reset)
            {
                return batch;
            }

            if (!table.TryGetValue(path, out var waiters))
            {
                table[path] = waiters = [];
            }

            waiters.Add(signal);
        }

        try
        {
            await signal.Task.WaitAsync(wait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The wait ran out with nothing new: the caller answers with the unchanged state.
        }
        finally
        {
            lock (_lock)
            {
                if (table.TryGetValue(path, out var waiters) && waiters.Remove(signal) && waiters.Count == 0)
                {
                    table.Remove(path);
                }
            }
        }

        return Read(path, recursive, afterZxid, limit);
    }

    public int WaiterCount
    {
        get
        {
            lock (_lock)
            {
                return _direct.Values.Sum(w => w.Count) + _recursive.Values.Sum(w => w.Count);
            }
        }
    }

    /// <summary>The position of the first retained change with a zxid above <paramref name="zxid"/> (the ring is in zxid order).</summary>
    private long FirstAfter(long zxid)
    {
        long low = Math.Max(0, _count - _ring.Length), high = _count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (_ring[mid % _ring.Length].Zxid <= zxid)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static bool Matches(string eventPath, string path, bool recursive) =>
        recursive ? ZPath.IsWithin(eventPath, path) : eventPath == path || (eventPath != ZPath.Root && ZPath.Parent(eventPath) == path);

    private static void Take(Dictionary<string, List<TaskCompletionSource>> table, string path, ref List<TaskCompletionSource>? woken)
    {
        if (table.Remove(path, out var waiters))
        {
            (woken ??= []).AddRange(waiters);
        }
    }
}
