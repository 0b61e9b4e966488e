using Registry.Zab.Protocol;
using Registry.Zab.Protocol.History;

namespace Registry.Zab.Tests.Protocol;

public sealed class HistoryTests
{
    private static readonly byte[] Payload = [1];

    [Fact]
    public void Sync_plan_is_diff_for_a_known_zxid_trunc_for_an_unknown_one_and_snap_below_the_history()
    {
        var history = new History(Zxid.Make(1, 2), [Entry(1, 3), Entry(1, 4), Entry(2, 1)]);
        history.CommitThrough(Zxid.Make(1, 4));

        Assert.Equal(new SyncPlan(SyncKind.Diff, Zxid.Make(1, 4)), SyncPlan.Choose(history, Zxid.Make(1, 4)));
        Assert.Equal(new SyncPlan(SyncKind.Diff, Zxid.Make(1, 2)), SyncPlan.Choose(history, Zxid.Make(1, 2)));
        // 0x1:5 was proposed in epoch 1 but never reached this history: cut back to the last common zxid.
        Assert.Equal(new SyncPlan(SyncKind.Trunc, Zxid.Make(1, 4)), SyncPlan.Choose(history, Zxid.Make(1, 5)));
        // Ahead of the whole history.
        Assert.Equal(new SyncPlan(SyncKind.Trunc, Zxid.Make(2, 1)), SyncPlan.Choose(history, Zxid.Make(3, 9)));
        Assert.Equal(new SyncPlan(SyncKind.Snap, Zxid.Make(1, 4)), SyncPlan.Choose(history, Zxid.Make(1, 1)));
    }

    [Fact]
    public void Commits_come_out_once_in_order_and_only_for_real_proposals()
    {
        var history = new History(0, [Entry(1, 1), Entry(1, 2), Entry(1, 3)]);

        Assert.Equal([Zxid.Make(1, 1), Zxid.Make(1, 2)], history.CommitThrough(Zxid.Make(1, 2)).Select(e => e.Zxid));
        Assert.Empty(history.CommitThrough(Zxid.Make(1, 2)));
        Assert.Equal([Zxid.Make(1, 3)], history.CommitThrough(Zxid.Make(9, 0)).Select(e => e.Zxid));
        Assert.Equal(Zxid.Make(1, 3), history.CommittedZxid);

        var fresh = new History(Zxid.Make(1, 3), []);
        fresh.Append(Entry(2, 1));
        fresh.CommitThrough(Zxid.Make(2, 0));
        Assert.Equal(Zxid.Make(1, 3), fresh.CommittedZxid);
    }

    [Fact]
    public void Committed_history_can_never_be_truncated()
    {
        var history = new History(0, [Entry(1, 1), Entry(1, 2), Entry(1, 3)]);
        history.CommitThrough(Zxid.Make(1, 2));

        Assert.Throws<ZabInvariantException>(() => history.TruncateAfter(Zxid.Make(1, 1)));
        history.TruncateAfter(Zxid.Make(1, 2));
        Assert.Equal(Zxid.Make(1, 2), history.LastZxid);
        Assert.Equal(Zxid.Make(1, 2), history.DurableZxid);
    }

    [Fact]
    public void Appends_must_increase_and_durability_never_passes_the_log()
    {
        var history = new History(0, [Entry(1, 1)]);
        Assert.Throws<ZabInvariantException>(() => history.Append(Entry(1, 1)));
        history.Append(Entry(1, 2));
        history.MarkDurable(Zxid.Make(5, 0));
        Assert.Equal(Zxid.Make(1, 2), history.DurableZxid);
    }

    [Fact]
    public void Trimming_keeps_the_retained_committed_proposals_and_moves_the_base()
    {
        var history = new History(0, Enumerable.Range(1, 10).Select(i => Entry(1, i)));
        history.CommitThrough(Zxid.Make(1, 8));
        history.TrimCommitted(3);

        Assert.Equal(Zxid.Make(1, 5), history.BaseZxid);
        Assert.Equal(5, history.Count);
        Assert.True(history.Contains(Zxid.Make(1, 5)));
        Assert.False(history.Contains(Zxid.Make(1, 4)));
    }

    private static LogEntry Entry(long epoch, long counter) => new(Zxid.Make(epoch, counter), Payload);
}
