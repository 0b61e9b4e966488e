using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>Reference §6.3 and §9.3: delete, its effect on the parent and its errors in order.</summary>
public class DeleteTests
{
    [Fact]
    public void Delete_removes_the_node_and_updates_only_the_parent_pzxid_and_child_count()
    {
        var h = new TreeHarness();
        h.Create("/p", data: [1]);
        h.Create("/p/a");
        h.Create("/p/b");
        var before = h.Stat("/p");
        h.Delete("/p/a");
        var zxid = h.LastProposed;
        var after = h.Stat("/p");
        Assert.False(h.Tree.Exists("/p/a"));
        Assert.Equal(["b"], h.Children("/p"));
        Assert.Equal(before with { Pzxid = zxid, NumChildren = 1, Cversion = (2 * 2) - 1 }, after);
        Assert.Equal(before.Mzxid, after.Mzxid);
    }

    [Fact]
    public void Cversion_counts_created_then_deleted_children_twice()
    {
        var h = new TreeHarness();
        h.Create("/p");
        h.Create("/p/a");
        h.Create("/p/b");
        h.Create("/p/c");
        Assert.Equal(3, h.Stat("/p").Cversion);
        h.Delete("/p/b");
        Assert.Equal(4, h.Stat("/p").Cversion);
        h.Delete("/p/a");
        Assert.Equal(5, h.Stat("/p").Cversion);
        h.Create("/p/d");
        Assert.Equal((2 * 4) - 2, h.Stat("/p").Cversion);
        h.Delete("/p/c");
        h.Delete("/p/d");
        Assert.Equal(8, h.Stat("/p").Cversion);
        Assert.Equal(0, h.Stat("/p").NumChildren);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/zookeeper")]
    [InlineData("/zookeeper/quota")]
    [InlineData("/zookeeper/config")]
    public void Reserved_nodes_cannot_be_deleted(string path)
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new DeleteOp(path)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new DeleteOp(path), RequestContext.System));
        Assert.True(h.Tree.Exists(path));
    }

    [Fact]
    public void Other_children_of_zookeeper_can_be_deleted()
    {
        var h = new TreeHarness();
        h.Create("/zookeeper/mine");
        h.Delete("/zookeeper/mine");
        Assert.False(h.Tree.Exists("/zookeeper/mine"));
    }

    [Fact]
    public void Missing_parent_or_node_is_NoNode()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.NoNode, h.Fail(new DeleteOp("/a")));
        Assert.Equal(ErrorCode.NoNode, h.Fail(new DeleteOp("/a/b")));
    }

    [Fact]
    public void Version_must_match_unless_minus_one()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.SetData("/a", [1]);
        h.SetData("/a", [2]);
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new DeleteOp("/a", 0)));
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new DeleteOp("/a", 3)));
        h.Delete("/a", 2);
        h.Create("/b");
        h.Delete("/b", -1);
        Assert.False(h.Tree.Exists("/a"));
        Assert.False(h.Tree.Exists("/b"));
    }

    [Fact]
    public void Node_with_children_is_NotEmpty()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.Create("/a/b");
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new DeleteOp("/a")));
        h.Delete("/a/b");
        h.Delete("/a");
    }

    [Fact]
    public void Parent_without_delete_permission_is_NoAuth()
    {
        var h = new TreeHarness();
        h.Create("/p", acl: [new AclEntry(Perms.All & ~Perms.Delete, Id.Anyone)]);
        h.Create("/p/a");
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new DeleteOp("/p/a")));
        h.Delete("/p/a", context: RequestContext.System);
    }

    [Fact]
    public void Delete_permission_is_checked_on_the_parent_not_the_node()
    {
        var h = new TreeHarness();
        h.Create("/p");
        h.Create("/p/a", acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        h.Delete("/p/a");
    }

    // ---- Precedence: BadArguments, parent NoNode, NoAuth on parent, node NoNode, BadVersion, NotEmpty ----

    [Fact]
    public void NoAuth_on_parent_wins_over_a_missing_node()
    {
        var h = new TreeHarness();
        h.Create("/p", acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new DeleteOp("/p/missing")));
    }

    [Fact]
    public void NoAuth_on_parent_wins_over_BadVersion_and_NotEmpty()
    {
        var h = new TreeHarness();
        h.Create("/p");
        h.Create("/p/a");
        h.Create("/p/a/b");
        h.Ok(new SetAclOp("/p", [new AclEntry(Perms.Read, Id.Anyone)]));
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new DeleteOp("/p/a", 7)));
    }

    [Fact]
    public void BadVersion_wins_over_NotEmpty()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.Create("/a/b");
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new DeleteOp("/a", 5)));
        Assert.Equal(ErrorCode.NotEmpty, h.Fail(new DeleteOp("/a", 0)));
    }

    [Fact]
    public void Deleting_an_ephemeral_removes_it_from_its_session()
    {
        var h = new TreeHarness();
        h.OpenSession(3);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(3));
        h.Create("/f", CreateMode.Ephemeral, context: TreeHarness.Session(3));
        h.Delete("/e");
        Assert.Equal(["/f"], h.Tree.EphemeralsOf(3));
        Assert.Equal(1, h.Tree.EphemeralCount);
        h.CloseSession(3);
        Assert.False(h.Tree.Exists("/f"));
        Assert.Equal(0, h.Tree.EphemeralCount);
    }

    [Fact]
    public void Deleted_node_can_be_recreated_with_fresh_stat()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.SetData("/a", [2]);
        h.Delete("/a");
        h.Create("/a", data: [3]);
        var stat = h.Stat("/a");
        Assert.Equal(0, stat.Version);
        Assert.Equal(h.LastProposed, stat.Czxid);
        Assert.Equal([3], h.Data("/a"));
    }
}
