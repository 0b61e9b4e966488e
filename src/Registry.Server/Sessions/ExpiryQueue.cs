namespace Registry.Server.Sessions;

/// <summary>
/// ZooKeeper's ExpiryQueue: deadlines are rounded up to the next multiple of <c>interval</c>, so items
/// expire in batches per bucket and a touch within the same bucket costs nothing. Not thread-safe.
/// </summary>
internal sealed class ExpiryQueue<T>(long interval)
    where T : notnull
{
    private readonly Dictionary<T, long> _deadlines = [];
    private readonly SortedDictionary<long, HashSet<T>> _buckets = [];

    public int Count => _deadlines.Count;

    public bool Contains(T item) => _deadlines.ContainsKey(item);

    /// <summary>Sets the item's deadline to <paramref name="now"/> + <paramref name="timeout"/> (rounded up to a bucket).</summary>
    public void Update(T item, long now, long timeout)
    {
        var bucket = ((now + timeout) / interval + 1) * interval;
        if (_deadlines.TryGetValue(item, out var old))
        {
            if (old == bucket)
            {
                return;
            }

            RemoveFromBucket(item, old);
        }

        _deadlines[item] = bucket;
        if (!_buckets.TryGetValue(bucket, out var set))
        {
            _buckets[bucket] = set = [];
        }

        set.Add(item);
    }

    public bool Remove(T item)
    {
        if (!_deadlines.Remove(item, out var bucket))
        {
            return false;
        }

        RemoveFromBucket(item, bucket);
        return true;
    }

    /// <summary>Removes and returns every item whose bucket deadline is at or before <paramref name="now"/>.</summary>
    public List<T> TakeExpired(long now)
    {
        var expired = new List<T>();
        while (_buckets.Count > 0)
        {
            var (deadline, items) = _buckets.First();
            if (deadline > now)
            {
                break;
            }

            _buckets.Remove(deadline);
            foreach (var item in items)
            {
                _deadlines.Remove(item);
                expired.Add(item);
            }
        }

        return expired;
    }

    private void RemoveFromBucket(T item, long bucket)
    {
        if (_buckets.TryGetValue(bucket, out var set) && set.Remove(item) && set.Count == 0)
        {
            _buckets.Remove(bucket);
        }
    }
}
