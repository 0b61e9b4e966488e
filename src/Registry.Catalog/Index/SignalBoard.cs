namespace Registry.Catalog.Index;

/// <summary>
/// One awaitable per topic and change: every blocking query on a topic shares the same task, which is
/// completed (and replaced) when the topic changes. Ten thousand waiters cost ten thousand continuations,
/// not threads, polls or watches. A topic also remembers the zxid of its last change.
/// </summary>
public sealed class SignalBoard
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Topics currently held by a waiter.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>The topic's index without holding it: its last change, or <paramref name="floor"/> when nobody holds it.</summary>
    public long Peek(string topic, long floor)
    {
        lock (_lock)
        {
            return _slots.TryGetValue(topic, out var slot) ? Math.Max(slot.Index, floor) : floor;
        }
    }

    /// <summary>
    /// Holds the topic and returns its index and the task its next change completes. <paramref name="floor"/>
    /// seeds a topic nobody holds; it must never be below the topic's last change. Pair with <see cref="Release"/>.
    /// </summary>
    public (long Index, Task Changed) Observe(string topic, long floor)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(topic, out var slot))
            {
                slot = new Slot(floor);
                _slots[topic] = slot;
            }

            slot.Holders++;
            return (slot.Index, slot.Next.Task);
        }
    }

    /// <summary>
    /// Lets go of a topic held by <see cref="Observe"/>. The last holder removes it, so topics (one per key a
    /// client ever blocked on) do not pile up; the floor it is seeded with next time keeps indexes monotonic.
    /// </summary>
    public void Release(string topic)
    {
        lock (_lock)
        {
            if (_slots.TryGetValue(topic, out var slot) && --slot.Holders <= 0)
            {
                _slots.Remove(topic);
            }
        }
    }

    /// <summary>
    /// The blocking-query wait shared by every front door: holds the topic until its index passes
    /// <paramref name="after"/>, the wait runs out or the request is cancelled, and returns the index then.
    /// <paramref name="floor"/> is read again after the topic is held, so a change raised just before the hold
    /// (when nobody held the topic yet) is not missed. Costs a continuation, never a thread.
    /// </summary>
    public async Task<long> WaitPastAsync(string topic, Func<long> floor, long after, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        var (index, changed) = Observe(topic, floor());
        try
        {
            index = Math.Max(index, floor());
            while (index <= after)
            {
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                try
                {
                    await changed.WaitAsync(remaining, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    break;
                }

                Release(topic);
                (index, changed) = Observe(topic, floor());
                index = Math.Max(index, floor());
            }

            return index;
        }
        finally
        {
            Release(topic);
        }
    }

    public void Raise(string topic, long zxid)
    {
        TaskCompletionSource? fired = null;
        lock (_lock)
        {
            if (_slots.TryGetValue(topic, out var slot))
            {
                fired = slot.Advance(zxid);
            }
        }

        fired?.TrySetResult();
    }

    /// <summary>Raises every observed topic the predicate selects (prefix topics, e.g. KV recurse).</summary>
    public void RaiseWhere(Func<string, bool> matches, long zxid)
    {
        List<TaskCompletionSource>? fired = null;
        lock (_lock)
        {
            foreach (var (topic, slot) in _slots)
            {
                if (matches(topic))
                {
                    (fired ??= []).Add(slot.Advance(zxid));
                }
            }
        }

        fired?.ForEach(t => t.TrySetResult());
    }

    private sealed class Slot(long index)
    {
        public long Index { get; private set; } = index;

        public int Holders { get; set; }

        public TaskCompletionSource Next { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Advance(long zxid)
        {
            Index = Math.Max(Index, zxid);
            var fired = Next;
            Next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return fired;
        }
    }
}
