using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>Reference §9.1: containers and TTL nodes become due for deletion (ContainerManager rules).</summary>
public class ReapTests
{
    [Fact]
    public void Container_that_never_had_a_child_is_not_due()
    {
        var h = new TreeHarness();
        h.Create("/c", CreateMode.Container);
        Assert.Empty(h.Tree.ReapCandidates(long.MaxValue));
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp("/c")));
        Assert.True(h.Tree.Exists("/c"));
    }

    [Fact]
    public void Container_is_due_once_its_last_child_is_deleted()
    {
        var h = new TreeHarness();
        h.Create("/c", CreateMode.Container);
        h.Create("/c/a");
        h.Create("/c/b");
        Assert.Empty(h.Tree.ReapCandidates(h.Time));
        h.Delete("/c/a");
        Assert.Empty(h.Tree.ReapCandidates(h.Time));
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp("/c")));
        h.Delete("/c/b");
        Assert.Equal(["/c"], h.Tree.ReapCandidates(h.Time));

        h.Ok(new ReapOp("/c"));
        Assert.False(h.Tree.Exists("/c"));
        Assert.Empty(h.Tree.ReapCandidates(long.MaxValue));
    }

    [Fact]
    public void Container_with_a_pending_child_create_is_no_longer_due()
    {
        var h = new TreeHarness();
        h.Create("/c", CreateMode.Container);
        h.Create("/c/a");
        h.Delete("/c/a");
        Assert.Equal(["/c"], h.Tree.ReapCandidates(h.Time));
        Assert.True(h.Prepare(Ops.Create("/c/b")).IsSuccess);
        Assert.Equal(ErrorCode.NotEmpty, h.Prepare(new ReapOp("/c")).Error);
        h.ApplyAll();
        Assert.True(h.Tree.Exists("/c/b"));
    }

    [Fact]
    public void Reap_of_a_pending_deleted_or_missing_node_is_NoNode()
    {
        var h = new TreeHarness();
        h.Create("/c", CreateMode.Container);
        h.Create("/c/a");
        h.Delete("/c/a");
        Assert.True(h.Prepare(new ReapOp("/c")).IsSuccess);
        Assert.Equal(ErrorCode.NoNode, h.Prepare(new ReapOp("/c")).Error);
        h.ApplyAll();
        Assert.Equal(ErrorCode.NoNode, h.Fail(new ReapOp("/c")));
    }

    [Fact]
    public void Reap_ignores_acls_like_an_internal_request()
    {
        var h = new TreeHarness();
        h.Create("/locked", acl: [new AclEntry(Perms.All & ~Perms.Delete, Id.Anyone)]);
        h.Create("/locked/c", CreateMode.Container);
        h.Create("/locked/c/x");
        h.Delete("/locked/c/x");
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new DeleteOp("/locked/c")));
        h.Ok(new ReapOp("/locked/c"));
        Assert.False(h.Tree.Exists("/locked/c"));
    }

    [Fact]
    public void Plain_persistent_and_ephemeral_nodes_are_never_reaped()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.Create("/p");
        h.Create("/p/x");
        h.Delete("/p/x");
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        Assert.Empty(h.Tree.ReapCandidates(long.MaxValue));
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp("/p")));
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp("/e")));
    }

    [Fact]
    public void Ttl_node_is_due_only_after_its_ttl_has_elapsed_since_the_last_modification()
    {
        var h = new TreeHarness { Time = 10_000 };
        h.Create("/t", CreateMode.PersistentWithTtl, ttl: 500);
        Assert.Empty(h.Tree.ReapCandidates(10_000));
        Assert.Empty(h.Tree.ReapCandidates(10_500)); // elapsed must exceed the ttl
        Assert.Equal(["/t"], h.Tree.ReapCandidates(10_501));

        h.Time = 10_400;
        h.SetData("/t", [1]); // a modification restarts the clock
        Assert.Empty(h.Tree.ReapCandidates(10_501));
        Assert.Equal(["/t"], h.Tree.ReapCandidates(10_901));

        h.Time = 10_800;
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp("/t")));
        h.Time = 10_901;
        h.Ok(new ReapOp("/t"));
        Assert.False(h.Tree.Exists("/t"));
    }

    [Fact]
    public void Ttl_node_with_children_is_not_due()
    {
        var h = new TreeHarness { Time = 0 };
        h.Create("/t", CreateMode.PersistentSequentialWithTtl, ttl: 10);
        var path = h.Tree.ReapCandidates(100).Single();
        h.Create(path + "/child");
        Assert.Empty(h.Tree.ReapCandidates(1_000));
        h.Time = 1_000;
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new ReapOp(path)));
        h.Delete(path + "/child");
        Assert.Equal([path], h.Tree.ReapCandidates(1_000));
    }

    [Fact]
    public void Ttl_reap_sees_a_pending_setData()
    {
        var h = new TreeHarness { Time = 0 };
        h.Create("/t", CreateMode.PersistentWithTtl, ttl: 10);
        h.Time = 100;
        Assert.True(h.Prepare(new SetDataOp("/t", [1])).IsSuccess);
        Assert.Equal(ErrorCode.NotEmpty, h.Prepare(new ReapOp("/t")).Error);
    }

    [Theory]
    [InlineData(EphemeralOwner.Container, 0, 0, 0L, 0L, false)]
    [InlineData(EphemeralOwner.Container, 0, 1, 0L, 0L, true)]
    [InlineData(EphemeralOwner.Container, 1, 1, 0L, 0L, false)]
    [InlineData(0L, 0, 5, 0L, 1000L, false)]
    [InlineData(7L, 0, 0, 0L, 1000L, false)]
    public void IsReapable_rules(long owner, int children, int childCreates, long mtime, long now, bool expected) =>
        Assert.Equal(expected, DataTree.IsReapable(owner, children, childCreates, mtime, now));

    [Fact]
    public void IsReapable_for_ttl_markers()
    {
        var owner = EphemeralOwner.ForTtl(100);
        Assert.True(EphemeralOwner.IsTtl(owner));
        Assert.Equal(100, EphemeralOwner.TtlOf(owner));
        Assert.Equal(0, EphemeralOwner.Visible(owner));
        Assert.False(DataTree.IsReapable(owner, 0, 0, 1000, 1100));
        Assert.True(DataTree.IsReapable(owner, 0, 0, 1000, 1101));
        Assert.False(DataTree.IsReapable(owner, 1, 1, 1000, 5000));
    }
}
