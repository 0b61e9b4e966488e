using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Tree.Tests;

/// <summary>Reads and the Apply contract of <see cref="DataTree"/>.</summary>
public class DataTreeTests
{
    [Fact]
    public void Reads_of_missing_nodes_report_absence()
    {
        var tree = new DataTree();
        Assert.False(tree.Exists("/a"));
        Assert.False(tree.TryGetStat("/a", out var stat));
        Assert.Equal(default, stat);
        Assert.False(tree.TryGetData("/a", out var data, out _));
        Assert.Empty(data);
        Assert.False(tree.TryGetChildren("/a", out var children, out _));
        Assert.Empty(children);
        Assert.Null(tree.GetAcl("/a", out _));
        Assert.Equal(-1, tree.CountDescendants("/a"));
        Assert.Empty(tree.EphemeralsOf(42));
    }

    [Fact]
    public void GetChildren_returns_names_and_the_parent_stat()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.Create("/a/x");
        h.Create("/a/y");
        h.Create("/a/y/z");
        Assert.True(h.Tree.TryGetChildren("/a", out var children, out var stat));
        Assert.Equal(["x", "y"], children.Order(StringComparer.Ordinal));
        Assert.Equal(h.Stat("/a"), stat);
        Assert.Equal(2, stat.NumChildren);
    }

    [Fact]
    public void CountDescendants_counts_all_levels()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.Create("/a/x");
        h.Create("/a/x/y");
        h.Create("/ab");
        Assert.Equal(2, h.Tree.CountDescendants("/a"));
        Assert.Equal(0, h.Tree.CountDescendants("/ab"));
        Assert.Equal(7, h.Tree.CountDescendants("/"));
        Assert.Equal(8, h.Tree.NodeCount);
    }

    [Fact]
    public void EphemeralsOf_is_sorted_and_per_session()
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.OpenSession(2);
        h.Create("/b", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        h.Create("/a", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        h.Create("/c", CreateMode.Ephemeral, context: TreeHarness.Session(2));
        Assert.Equal(["/a", "/b"], h.Tree.EphemeralsOf(1));
        Assert.Equal(["/c"], h.Tree.EphemeralsOf(2));
        Assert.Equal(3, h.Tree.EphemeralCount);
    }

    [Fact]
    public void The_node_and_session_counts_follow_creates_deletes_closes_and_installed_snapshots()
    {
        var h = new TreeHarness();
        var builtIns = h.Tree.NodeCount;
        h.OpenSession(1);
        h.OpenSession(2);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        h.Create("/p");
        Assert.Equal((2, builtIns + 2), (h.Tree.SessionCount, h.Tree.NodeCount));
        h.CloseSession(1);
        Assert.Equal((1, 1), (h.Tree.SessionCount, h.Tree.Sessions.Count));
        Assert.Equal(builtIns + 1, h.Tree.NodeCount);

        var other = new TreeHarness();
        other.OpenSession(7);
        other.OpenSession(8);
        other.OpenSession(9);
        other.Create("/a");
        other.Create("/a/b");
        h.Tree.InstallSnapshot(other.Tree.CaptureSnapshot());
        Assert.Equal((3, builtIns + 2), (h.Tree.SessionCount, h.Tree.NodeCount));
        var rebuilt = DataTree.FromSnapshot(other.Tree.CaptureSnapshot());
        Assert.Equal((3, builtIns + 2), (rebuilt.SessionCount, rebuilt.NodeCount));
    }

    [Fact]
    public void Apply_rejects_zxids_out_of_order()
    {
        var tree = new DataTree();
        tree.Apply(new TxnHeader(0, 5, 0), new CreateTxn("/a", [], AclEntry.OpenUnsafe, 0));
        Assert.Equal(5, tree.LastZxid);
        Assert.Throws<InvalidOperationException>(() => tree.Apply(new TxnHeader(0, 5, 0), new CreateTxn("/b", [], AclEntry.OpenUnsafe, 0)));
        Assert.Throws<InvalidOperationException>(() => tree.Apply(new TxnHeader(0, 4, 0), new CreateTxn("/b", [], AclEntry.OpenUnsafe, 0)));
        Assert.False(tree.Exists("/b"));
        tree.Apply(new TxnHeader(0, 9, 0), new CreateTxn("/b", [], AclEntry.OpenUnsafe, 0));
        Assert.Equal(9, tree.LastZxid);
    }

    [Fact]
    public void Replayed_transactions_yield_error_results_instead_of_corrupting_the_tree()
    {
        var tree = new DataTree();
        var create = new CreateTxn("/a", [1], AclEntry.OpenUnsafe, 0);
        Assert.True(tree.Apply(new TxnHeader(0, 1, 0), create).Result.IsOk);
        var before = TreeState.Dump(tree);
        Assert.Equal(ErrorCode.NodeExists, tree.Apply(new TxnHeader(0, 2, 0), create).Result.Error);
        Assert.Equal(ErrorCode.NoNode, tree.Apply(new TxnHeader(0, 3, 0), new CreateTxn("/x/y", [], AclEntry.OpenUnsafe, 0)).Result.Error);
        Assert.Equal(ErrorCode.NoNode, tree.Apply(new TxnHeader(0, 4, 0), new DeleteTxn("/nope")).Result.Error);
        Assert.Equal(ErrorCode.NoNode, tree.Apply(new TxnHeader(0, 5, 0), new SetDataTxn("/nope", [], 1)).Result.Error);
        Assert.Equal(ErrorCode.NoNode, tree.Apply(new TxnHeader(0, 6, 0), new SetAclTxn("/nope", AclEntry.OpenUnsafe, 1)).Result.Error);
        Assert.Equal(ErrorCode.NoNode, tree.Apply(new TxnHeader(0, 7, 0), new CheckTxn("/nope")).Result.Error);
        Assert.Equal(ErrorCode.NotEmpty, tree.Apply(new TxnHeader(0, 8, 0), new DeleteTxn("/zookeeper")).Result.Error);
        Assert.Equal(ErrorCode.SessionExpired, tree.Apply(new TxnHeader(77, 9, 0), new CloseSessionTxn()).Result.Error);
        Assert.Equal(before.Replace("lastZxid=1", "lastZxid=9", StringComparison.Ordinal), TreeState.Dump(tree));
    }

    [Fact]
    public void Multi_apply_result_is_the_first_failing_op()
    {
        var tree = new DataTree();
        var result = tree.Apply(new TxnHeader(0, 1, 0), new MultiTxn([new CreateTxn("/a", [], AclEntry.OpenUnsafe, 0), new DeleteTxn("/nope"), new CheckTxn("/zz")]));
        Assert.Equal(ErrorCode.NoNode, result.Result.Error);
        Assert.Equal([ErrorCode.Ok, ErrorCode.NoNode, ErrorCode.NoNode], result.MultiResults!.Select(r => r.Error));
        var ok = tree.Apply(new TxnHeader(0, 2, 0), new MultiTxn([new CheckTxn("/a")]));
        Assert.True(ok.Result.IsOk);
    }

    [Fact]
    public void Apply_reports_changes_in_order()
    {
        var h = new TreeHarness();
        var create = h.Ok(Ops.Create("/a"));
        Assert.Equal([new TreeChange(Watches.EventType.NodeCreated, "/a"), new TreeChange(Watches.EventType.NodeChildrenChanged, "/")], create.Changes);
        var set = h.SetData("/a", [1]);
        Assert.Equal([new TreeChange(Watches.EventType.NodeDataChanged, "/a")], set.Changes);
        var acl = h.Ok(new SetAclOp("/a", AclEntry.OpenUnsafe));
        Assert.Empty(acl.Changes);
        var delete = h.Delete("/a");
        Assert.Equal([new TreeChange(Watches.EventType.NodeDeleted, "/a"), new TreeChange(Watches.EventType.NodeChildrenChanged, "/")], delete.Changes);
        Assert.Equal(h.LastProposed, delete.Zxid);
    }

    [Fact]
    public void Equal_acls_are_interned_to_one_list()
    {
        var h = new TreeHarness();
        var acl = new[] { new AclEntry(Perms.Read | Perms.Write, new Id("digest", "bob:x")), new AclEntry(Perms.Read, Id.Anyone) };
        h.Create("/a", acl: acl);
        h.Create("/b", acl: [.. acl]);
        Assert.Same(h.Tree.GetAcl("/a", out _), h.Tree.GetAcl("/b", out _));
        Assert.NotSame(acl, h.Tree.GetAcl("/a", out _));
    }

    [Fact]
    public void AclCache_counts_references()
    {
        var cache = new AclCache();
        var a = cache.Intern([new AclEntry(Perms.All, Id.Anyone)]);
        var b = cache.Intern([new AclEntry(Perms.All, Id.Anyone)]);
        Assert.Same(a, b);
        Assert.Equal(1, cache.Count);
        cache.Release(a);
        Assert.Equal(1, cache.Count);
        cache.Release(b);
        Assert.Equal(0, cache.Count);
        var c = cache.Intern([new AclEntry(Perms.All, Id.Anyone)]);
        Assert.NotSame(a, c);
    }
}
