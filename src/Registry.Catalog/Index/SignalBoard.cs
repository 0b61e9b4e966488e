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

    /// <summary>The topic's index and the task its next change completes. <paramref name="floor"/> seeds a new topic.</summary>
    public (long Index, Task Changed) Observe(string topic, long floor)
    {
        lock (_lock)
        {
            if (!_slots.TryGetValue(topic, out var slot))
            {
                slot = new Slot(floor);
                _slots[topic] = slot;
            }

            return (slot.Index, slot.Next.Task);
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
