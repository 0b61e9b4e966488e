using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>Sessions: open, close with their ephemerals in one transaction, and requests on closing sessions.</summary>
public class SessionTests
{
    [Fact]
    public void Open_session_is_recorded_with_its_timeout()
    {
        var h = new TreeHarness();
        h.OpenSession(0x100, 12_000);
        Assert.Equal(12_000, h.Tree.Sessions[0x100]);
        Assert.Single(h.Tree.Sessions);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(EphemeralOwner.Container)]
    [InlineData(unchecked((long)0xFF00000000000005UL))]
    public void Unusable_session_ids_are_BadArguments(long id)
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new CreateSessionOp(id, 1000), RequestContext.System));
    }

    [Fact]
    public void Opening_an_open_session_again_is_BadArguments()
    {
        var h = new TreeHarness();
        h.OpenSession(7);
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new CreateSessionOp(7, 1000), RequestContext.System));
    }

    [Fact]
    public void Close_removes_all_ephemerals_of_the_session_in_one_zxid()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.OpenSession(2);
        var s1 = TreeHarness.Session(1);
        h.Create("/p");
        h.Create("/p/e1", CreateMode.Ephemeral, context: s1);
        h.Create("/p/e2", CreateMode.EphemeralSequential, context: s1);
        h.Create("/top", CreateMode.Ephemeral, context: s1);
        h.Create("/p/persistent", context: s1);
        h.Create("/p/other", CreateMode.Ephemeral, context: TreeHarness.Session(2));
        var parentBefore = h.Stat("/p");
        Assert.Equal(["/p/e1", "/p/e20000000001", "/top"], h.Tree.EphemeralsOf(1));

        var result = h.CloseSession(1);
        var zxid = h.LastProposed;

        Assert.Equal(zxid, result.Zxid);
        Assert.True(result.Result.IsOk);
        Assert.False(h.Tree.Exists("/p/e1"));
        Assert.False(h.Tree.Exists("/p/e20000000001"));
        Assert.False(h.Tree.Exists("/top"));
        Assert.True(h.Tree.Exists("/p/persistent"));
        Assert.True(h.Tree.Exists("/p/other"));
        Assert.Empty(h.Tree.EphemeralsOf(1));
        Assert.Equal(["/p/other"], h.Tree.EphemeralsOf(2));
        Assert.False(h.Tree.Sessions.ContainsKey(1));
        Assert.True(h.Tree.Sessions.ContainsKey(2));
        Assert.Equal(1, h.Tree.EphemeralCount);
        Assert.Equal(parentBefore with { Pzxid = zxid, NumChildren = 2, Cversion = (2 * 4) - 2 }, h.Stat("/p"));
        Assert.Equal(zxid, h.Stat("/").Pzxid);
        Assert.Equal(3, result.Changes.Count(c => c.Type == Watches.EventType.NodeDeleted));
    }

    [Fact]
    public void Requests_on_a_closing_session_are_SessionExpired()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        var s1 = TreeHarness.Session(1);
        h.Create("/a", context: s1);
        Assert.True(h.Prepare(new CloseSessionOp(1), RequestContext.System).IsSuccess);

        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/b"), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/b", CreateMode.Ephemeral), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new SetDataOp("/a", [1]), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new DeleteOp("/a"), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new MultiOp([new CheckOp("/a", -1)]), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new CloseSessionOp(1), RequestContext.System));

        h.ApplyAll();
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/b"), s1));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new CloseSessionOp(1), RequestContext.System));
        h.Create("/b"); // other callers are unaffected
    }

    [Fact]
    public void Requests_on_an_unknown_session_are_SessionExpired()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/b"), TreeHarness.Session(42)));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(new CloseSessionOp(42), RequestContext.System));
    }

    [Fact]
    public void Ephemeral_created_while_its_session_close_is_pending_is_gone_after_both_apply()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        var s1 = TreeHarness.Session(1);
        h.Create("/p");
        Assert.True(h.Prepare(Ops.Create("/p/e", CreateMode.Ephemeral), s1).IsSuccess);
        Assert.True(h.Prepare(Ops.Create("/p/s", CreateMode.EphemeralSequential), s1).IsSuccess);
        Assert.True(h.Prepare(new CloseSessionOp(1), RequestContext.System).IsSuccess);
        Assert.Equal(ErrorCode.NoNode, h.Prepare(new SetDataOp("/p/e", [1])).Error); // the close is already visible to prepare
        Assert.Equal(ErrorCode.NoNode, h.Prepare(new SetDataOp("/p/s0000000001", [1])).Error);

        var afterClose = h.Prepare(new DeleteOp("/p", 0));
        Assert.True(afterClose.IsSuccess, $"{afterClose.Error}: the parent must look empty once the close is prepared");
        h.ApplyAll();
        Assert.False(h.Tree.Exists("/p"));
        Assert.Empty(h.Tree.EphemeralsOf(1));
        Assert.Equal(0, h.Tree.EphemeralCount);
        Assert.Equal(0, h.Preparer.PendingCount);
    }

    [Fact]
    public void Ephemeral_deleted_while_pending_is_not_deleted_twice_by_the_close()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        var s1 = TreeHarness.Session(1);
        h.Create("/p");
        Assert.True(h.Prepare(Ops.Create("/p/e", CreateMode.Ephemeral), s1).IsSuccess);
        Assert.True(h.Prepare(new DeleteOp("/p/e")).IsSuccess);
        Assert.True(h.Prepare(Ops.Create("/p/e")).IsSuccess); // now a persistent node at the same path
        Assert.True(h.Prepare(new CloseSessionOp(1), RequestContext.System).IsSuccess);
        Assert.Equal(ErrorCode.NotEmpty, h.Prepare(new DeleteOp("/p")).Error);
        h.ApplyAll();
        Assert.True(h.Tree.Exists("/p/e"));
        Assert.Equal(0, h.Stat("/p/e").EphemeralOwner);
        Assert.Equal(1, h.Stat("/p").NumChildren);
    }

    [Fact]
    public void Closed_session_can_be_reopened_and_its_new_ephemerals_are_tracked()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        h.CloseSession(1);
        h.OpenSession(1);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        Assert.Equal(["/e"], h.Tree.EphemeralsOf(1));
    }
}
