namespace Registry.Zab.Protocol.History;

/// <summary>
/// The server's view of its transaction history: the proposals it has logged after <see cref="BaseZxid"/> (the
/// snapshot, or the last committed proposal it no longer keeps in memory), how far they are durable and how far
/// committed. Committed proposals are kept up to a retention bound so that lagging learners can get a DIFF.
/// </summary>
internal sealed class History
{
    private readonly List<LogEntry> _entries = [];

    public History(long baseZxid, IEnumerable<LogEntry> entries)
    {
        BaseZxid = baseZxid;
        CommittedZxid = baseZxid;
        foreach (var entry in entries)
        {
            Append(entry);
        }

        DurableZxid = LastZxid;
    }

    /// <summary>Every proposal up to and including this zxid is committed and no longer kept here.</summary>
    public long BaseZxid { get; private set; }

    public long LastZxid => _entries.Count > 0 ? _entries[^1].Zxid : BaseZxid;

    public long CommittedZxid { get; private set; }

    /// <summary>Every logged proposal up to this zxid is on disk.</summary>
    public long DurableZxid { get; private set; }

    public int Count => _entries.Count;

    public void Append(LogEntry entry)
    {
        ZabInvariantException.Check(entry.Zxid > LastZxid, $"proposal {Zxid.Format(entry.Zxid)} does not follow {Zxid.Format(LastZxid)}");
        _entries.Add(entry);
    }

    public void MarkDurable(long zxid) => DurableZxid = Math.Max(DurableZxid, Math.Min(zxid, LastZxid));

    /// <summary>Drops the proposals after <paramref name="zxid"/>; committed history can never be dropped.</summary>
    public void TruncateAfter(long zxid)
    {
        ZabInvariantException.Check(zxid >= CommittedZxid, $"truncating to {Zxid.Format(zxid)} would drop committed history up to {Zxid.Format(CommittedZxid)}");
        var keep = CountUpTo(zxid);
        _entries.RemoveRange(keep, _entries.Count - keep);
        DurableZxid = Math.Min(DurableZxid, zxid);
    }

    /// <summary>Replaces everything with a snapshot at <paramref name="zxid"/> that the shell installed durably.</summary>
    public void ResetToSnapshot(long zxid)
    {
        _entries.Clear();
        BaseZxid = zxid;
        CommittedZxid = zxid;
        DurableZxid = zxid;
    }

    /// <summary>Marks proposals up to <paramref name="zxid"/> committed and returns the newly committed ones in order.</summary>
    public List<LogEntry> CommitThrough(long zxid)
    {
        // Committed is always the zxid of a real proposal (acks may name the epoch's zxid 0).
        var target = FloorOf(Math.Min(zxid, LastZxid));
        var committed = new List<LogEntry>();
        if (target <= CommittedZxid)
        {
            return committed;
        }

        for (var i = CountUpTo(CommittedZxid); i < _entries.Count && _entries[i].Zxid <= target; i++)
        {
            committed.Add(_entries[i]);
        }

        CommittedZxid = target;
        return committed;
    }

    /// <summary>Forgets committed proposals beyond the retention bound (the log on disk still has them).</summary>
    public void TrimCommitted(int retention)
    {
        var committedCount = CountUpTo(CommittedZxid);
        var drop = committedCount - retention;
        if (drop > 0)
        {
            BaseZxid = _entries[drop - 1].Zxid;
            _entries.RemoveRange(0, drop);
        }
    }

    /// <summary>True when this zxid is the base or a proposal held here.</summary>
    public bool Contains(long zxid) => zxid == BaseZxid || (zxid > BaseZxid && IndexOf(zxid) >= 0);

    /// <summary>The largest zxid held here (or the base) that is not above <paramref name="zxid"/>; at least the base.</summary>
    public long FloorOf(long zxid)
    {
        var count = CountUpTo(zxid);
        return count > 0 ? _entries[count - 1].Zxid : BaseZxid;
    }

    public IEnumerable<LogEntry> EntriesBetween(long afterZxid, long throughZxid)
    {
        for (var i = CountUpTo(afterZxid); i < _entries.Count && _entries[i].Zxid <= throughZxid; i++)
        {
            yield return _entries[i];
        }
    }

    private int IndexOf(long zxid)
    {
        var count = CountUpTo(zxid);
        return count > 0 && _entries[count - 1].Zxid == zxid ? count - 1 : -1;
    }

    /// <summary>How many held proposals have a zxid up to <paramref name="zxid"/> (binary search).</summary>
    private int CountUpTo(long zxid)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Zxid <= zxid)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
