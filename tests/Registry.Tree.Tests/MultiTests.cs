using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;
using Registry.Tree.Watches;

namespace Registry.Tree.Tests;

/// <summary>Reference §7: multi is atomic, ops see earlier ops, one zxid, per-op results.</summary>
public class MultiTests
{
    [Fact]
    public void Successful_multi_applies_every_op_under_one_zxid()
    {
        var h = new TreeHarness();
        h.Create("/old", data: [1]);
        var zxidBefore = h.LastProposed;
        var result = h.Ok(new MultiOp(
        [
            Ops.Create("/a", data: [1]),
            Ops.Create("/a/b"),
            Ops.Create("/a/s-", CreateMode.PersistentSequential),
            new SetDataOp("/a", [2], 0),
            new CheckOp("/a", 1),
            new DeleteOp("/old", 0),
        ]));
        var zxid = zxidBefore + 1;
        Assert.Equal(zxid, h.LastProposed);
        Assert.Equal(zxid, result.Zxid);
        Assert.Equal(zxid, h.Tree.LastZxid);
        Assert.True(result.Result.IsOk);
        var results = result.MultiResults!;
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal(ErrorCode.Ok, r.Error));
        Assert.Equal("/a", results[0].Path);
        Assert.Equal("/a/b", results[1].Path);
        Assert.Equal("/a/s-0000000001", results[2].Path);
        Assert.Equal(1, results[3].Stat!.Value.Version);

        var a = h.Stat("/a");
        Assert.Equal(zxid, a.Czxid);
        Assert.Equal(zxid, a.Mzxid);
        Assert.Equal(zxid, a.Pzxid);
        Assert.Equal(2, a.NumChildren);
        Assert.Equal(2, a.Cversion);
        Assert.Equal(zxid, h.Stat("/a/b").Czxid);
        Assert.False(h.Tree.Exists("/old"));
        Assert.Equal(zxid, h.Stat("/").Pzxid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Failure_reports_ok_before_the_failing_op_its_code_then_RuntimeInconsistency(int failAt)
    {
        var h = new TreeHarness();
        h.Create("/x", data: [1]);
        var before = TreeState.Dump(h.Tree);
        var lastZxid = h.LastProposed;
        var ops = new List<WriteOp> { Ops.Create("/a"), Ops.Create("/a/b"), new SetDataOp("/x", [2], 0), new CheckOp("/x", 1) };
        ops[failAt] = new CheckOp("/missing", -1);
        var outcome = h.Prepare(new MultiOp(ops));
        Assert.False(outcome.IsSuccess);
        Assert.Null(outcome.Txn);
        Assert.Equal(ErrorCode.NoNode, outcome.Error);
        var expected = Enumerable.Range(0, 4).Select(i => i < failAt ? ErrorCode.Ok : i == failAt ? ErrorCode.NoNode : ErrorCode.RuntimeInconsistency);
        Assert.Equal(expected, outcome.MultiResults!.Select(r => r.Error));
        Assert.Equal(lastZxid, h.LastProposed);
        Assert.Equal(0, h.QueuedCount);
        Assert.Equal(before, TreeState.Dump(h.Tree));
        Assert.Equal(0, h.Preparer.PendingCount);
    }

    [Theory]
    [InlineData(ErrorCode.BadVersion)]
    [InlineData(ErrorCode.NodeExists)]
    [InlineData(ErrorCode.NotEmpty)]
    [InlineData(ErrorCode.NoAuth)]
    [InlineData(ErrorCode.InvalidAcl)]
    [InlineData(ErrorCode.BadArguments)]
    [InlineData(ErrorCode.NoChildrenForEphemerals)]
    public void The_failing_ops_own_code_is_reported(ErrorCode code)
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.Create("/x");
        h.Create("/x/y");
        h.Create("/ro", acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        WriteOp failing = code switch
        {
            ErrorCode.BadVersion => new SetDataOp("/x", [], 3),
            ErrorCode.NodeExists => Ops.Create("/x"),
            ErrorCode.NotEmpty => new DeleteOp("/x"),
            ErrorCode.NoAuth => new SetDataOp("/ro", []),
            ErrorCode.InvalidAcl => Ops.Create("/z", acl: []),
            ErrorCode.BadArguments => new DeleteOp("/zookeeper"),
            _ => Ops.Create("/e/child"),
        };
        var outcome = h.Prepare(new MultiOp([Ops.Create("/new"), failing, Ops.Create("/new2")]), TreeHarness.Session(1));
        Assert.Equal(code, outcome.Error);
        Assert.Equal([ErrorCode.Ok, code, ErrorCode.RuntimeInconsistency], outcome.MultiResults!.Select(r => r.Error));
        Assert.False(h.Tree.Exists("/new"));
    }

    [Fact]
    public void Ops_see_the_effects_of_earlier_ops_in_the_same_multi()
    {
        var h = new TreeHarness();
        h.Ok(new MultiOp(
        [
            Ops.Create("/a"),
            new SetDataOp("/a", [1], 0),
            new SetDataOp("/a", [2], 1),
            new CheckOp("/a", 2),
            Ops.Create("/a/tmp"),
            new DeleteOp("/a/tmp", 0),
            Ops.Create("/a/tmp", data: [5]),
            Ops.Create("/a/s", CreateMode.PersistentSequential),
        ]));
        Assert.Equal(2, h.Stat("/a").Version);
        Assert.Equal([2], h.Data("/a"));
        Assert.Equal([5], h.Data("/a/tmp"));
        Assert.Equal(["s0000000002", "tmp"], h.Children("/a"));
        Assert.Equal((2 * 3) - 2, h.Stat("/a").Cversion);
    }

    [Fact]
    public void An_op_failing_because_of_an_earlier_op_fails_the_multi()
    {
        var h = new TreeHarness();
        h.Create("/a");
        var outcome = h.Prepare(new MultiOp([new DeleteOp("/a"), new SetDataOp("/a", [1])]));
        Assert.Equal([ErrorCode.Ok, ErrorCode.NoNode], outcome.MultiResults!.Select(r => r.Error));
        Assert.True(h.Tree.Exists("/a"));
        var sequential = h.Prepare(new MultiOp([Ops.Create("/a/x"), new CheckOp("/a", 0), new DeleteOp("/a")]));
        Assert.Equal([ErrorCode.Ok, ErrorCode.Ok, ErrorCode.NotEmpty], sequential.MultiResults!.Select(r => r.Error));
    }

    [Fact]
    public void A_failed_multi_leaves_no_pending_state_behind()
    {
        var h = new TreeHarness();
        h.Create("/q");
        Assert.False(h.Prepare(new MultiOp([Ops.Create("/a"), Ops.Create("/q/s", CreateMode.PersistentSequential), new SetDataOp("/q", [1]), new CheckOp("/missing", -1)])).IsSuccess);
        Assert.Equal(0, h.Preparer.PendingCount);

        // Still unapplied work in flight, then a failing multi, then more work: none of the failed ops may be seen.
        Assert.True(h.Prepare(Ops.Create("/q/p")).IsSuccess);
        Assert.False(h.Prepare(new MultiOp([Ops.Create("/a"), Ops.Create("/q/s", CreateMode.PersistentSequential), new DeleteOp("/q/p"), new CheckOp("/missing", -1)])).IsSuccess);
        Assert.Equal(ErrorCode.NoNode, h.Prepare(Ops.Create("/a/b")).Error);
        Assert.True(h.Prepare(new SetDataOp("/q", [1], 0)).IsSuccess);
        Assert.True(h.Prepare(new DeleteOp("/q/p", 0)).IsSuccess);
        var seq = h.Prepare(Ops.Create("/q/s", CreateMode.PersistentSequential));
        h.ApplyAll();
        Assert.Equal("/q/s0000000001", ((CreateTxn)seq.Txn!).Path);
        Assert.False(h.Tree.Exists("/a"));
        Assert.Equal(["s0000000001"], h.Children("/q"));
        Assert.Equal(1, h.Stat("/q").Version);
    }

    [Fact]
    public void Empty_multi_succeeds_and_uses_a_zxid()
    {
        var h = new TreeHarness();
        var result = h.Ok(new MultiOp([]));
        Assert.Empty(result.MultiResults!);
        Assert.Equal(1, h.Tree.LastZxid);
    }

    [Fact]
    public void Nested_multi_session_ops_and_reap_are_not_allowed_inside()
    {
        var h = new TreeHarness();
        foreach (var op in new WriteOp[] { new MultiOp([]), new CreateSessionOp(5, 1000), new CloseSessionOp(5), new ReapOp("/a") })
        {
            var outcome = h.Prepare(new MultiOp([Ops.Create("/a"), op]));
            Assert.Equal(ErrorCode.BadArguments, outcome.Error);
            Assert.Equal([ErrorCode.Ok, ErrorCode.BadArguments], outcome.MultiResults!.Select(r => r.Error));
        }

        Assert.False(h.Tree.Exists("/a"));
    }

    [Fact]
    public void Too_many_ops_is_BadArguments()
    {
        var h = new TreeHarness(new PreparerOptions { MaxMultiOps = 2 });
        h.Ok(new MultiOp([Ops.Create("/a"), Ops.Create("/b")]));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new MultiOp([Ops.Create("/c"), Ops.Create("/d"), Ops.Create("/e")])));
    }

    [Fact]
    public void Multi_on_an_expired_session_is_SessionExpired()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new MultiOp([Ops.Create("/a")]), TreeHarness.Session(8)));
    }

    [Fact]
    public void Multi_fires_every_event_with_the_multi_zxid_after_the_whole_multi_applied()
    {
        var h = new TreeHarness();
        h.Create("/a");
        var watcher = new SnoopingWatcher(h.Tree);
        h.Tree.TryGetStat("/b", out _, watcher);
        h.Tree.TryGetData("/a", out _, out _, watcher);
        h.Tree.TryGetChildren("/", out _, out _, watcher);
        h.Ok(new MultiOp([Ops.Create("/b"), new SetDataOp("/a", [1]), Ops.Create("/c")]));
        var zxid = h.LastProposed;
        Assert.Equal(
            [(EventType.NodeCreated, "/b"), (EventType.NodeChildrenChanged, "/"), (EventType.NodeDataChanged, "/a")],
            watcher.Events.Select(e => (e.Type, e.Path)));
        Assert.All(watcher.Events, e => Assert.Equal(zxid, e.Zxid));
        Assert.All(watcher.SawC, Assert.True); // the tree already held the last op's node when the first event fired
    }

    [Fact]
    public void Check_reports_NoAuth_before_BadVersion()
    {
        var h = new TreeHarness();
        h.Create("/w", acl: [new AclEntry(Perms.Write, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new MultiOp([new CheckOp("/w", 5)])));
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new MultiOp([new CheckOp("/w", 5)]), RequestContext.System));
    }

    [Fact]
    public void Check_fails_with_BadVersion_or_NoNode()
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new MultiOp([new CheckOp("/a", 1)])));
        Assert.Equal(ErrorCode.NoNode, h.Fail(new MultiOp([new CheckOp("/b", 0)])));
        h.Ok(new MultiOp([new CheckOp("/a", 0), new CheckOp("/a", -1)]));
    }

    private sealed class SnoopingWatcher(DataTree tree) : IWatcher
    {
        public List<WatchedEvent> Events { get; } = [];

        public List<bool> SawC { get; } = [];

        public void Process(WatchedEvent watchedEvent)
        {
            Events.Add(watchedEvent);
            SawC.Add(tree.Exists("/c"));
        }
    }
}
