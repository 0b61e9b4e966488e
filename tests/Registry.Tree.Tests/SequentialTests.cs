using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Tests;

/// <summary>Reference §9.2 and §9.3: sequential names come from the parent's child-create counter.</summary>
public class SequentialTests
{
    [Fact]
    public void First_sequential_child_of_a_fresh_parent_is_zero()
    {
        var h = new TreeHarness();
        h.Create("/locks");
        Assert.Equal("/locks/lock-0000000000", h.Create("/locks/lock-", CreateMode.PersistentSequential));
        Assert.Equal("/locks/lock-0000000001", h.Create("/locks/lock-", CreateMode.PersistentSequential));
    }

    [Fact]
    public void Counter_is_shared_with_plain_creates_and_unaffected_by_deletes()
    {
        var h = new TreeHarness();
        h.Create("/q");
        h.Create("/q/a");                                                              // counter 0 -> 1
        Assert.Equal("/q/s0000000001", h.Create("/q/s", CreateMode.PersistentSequential)); // 1 -> 2
        h.Delete("/q/a");
        h.Delete("/q/s0000000001");
        h.Create("/q/b");                                                              // 2 -> 3
        Assert.Equal("/q/s0000000003", h.Create("/q/s", CreateMode.PersistentSequential));
        Assert.Equal(2, h.Stat("/q").NumChildren);
        Assert.Equal((2 * 4) - 2, h.Stat("/q").Cversion);
    }

    [Fact]
    public void Prefix_ending_in_a_slash_names_the_child_by_the_counter_alone()
    {
        var h = new TreeHarness();
        h.Create("/queue");
        h.Create("/queue/x");
        h.Create("/queue/y");
        h.Create("/queue/z");
        Assert.Equal("/queue/0000000003", h.Create("/queue/", CreateMode.PersistentSequential));
        Assert.Contains("0000000003", h.Children("/queue"));
    }

    [Fact]
    public void Counter_is_per_parent()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.Create("/b");
        h.Create("/a/x");
        h.Create("/a/y");
        Assert.Equal("/b/n0000000000", h.Create("/b/n", CreateMode.PersistentSequential));
        Assert.Equal("/a/n0000000002", h.Create("/a/n", CreateMode.PersistentSequential));
    }

    [Theory]
    [InlineData(CreateMode.PersistentSequential)]
    [InlineData(CreateMode.EphemeralSequential)]
    [InlineData(CreateMode.PersistentSequentialWithTtl)]
    public void Every_sequential_mode_appends_the_suffix(CreateMode mode)
    {
        var h = new TreeHarness();
        h.OpenSession(1);
        h.Create("/p");
        var path = h.Create("/p/n-", mode, context: TreeHarness.Session(1), ttl: mode.IsTtl() ? 60_000 : 0);
        Assert.Equal("/p/n-0000000000", path);
        Assert.Equal(mode == CreateMode.EphemeralSequential ? 1 : 0, h.Stat(path).EphemeralOwner);
    }

    [Fact]
    public void Sequential_name_colliding_with_a_manual_node_is_NodeExists()
    {
        var h = new TreeHarness();
        h.Create("/q");
        h.Create("/q/n0000000001"); // counter 0 -> 1; the next sequential name is exactly this node
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/q/n", CreateMode.PersistentSequential)));
        h.Create("/q/other");      // counter 1 -> 2: the next name is free again
        Assert.Equal("/q/n0000000002", h.Create("/q/n", CreateMode.PersistentSequential));
    }

    [Fact]
    public void Failed_creates_do_not_advance_the_counter()
    {
        var h = new TreeHarness();
        h.Create("/q");
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/q")));
        h.Create("/q/a");
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/q/a")));
        Assert.Equal("/q/s0000000001", h.Create("/q/s", CreateMode.PersistentSequential));
    }

    [Fact]
    public void Sequential_prefix_is_validated_with_a_suffix()
    {
        var h = new TreeHarness();
        h.Create("/q");
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/q/\u007f", CreateMode.PersistentSequential)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/q/x\u0001", CreateMode.PersistentSequential)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/q/", CreateMode.Persistent)));
        Assert.Equal("/q/.0000000000", h.Create("/q/.", CreateMode.PersistentSequential)); // "." only as a whole segment is invalid
    }

    [Fact]
    public void Counter_overflow_produces_negative_names()
    {
        var snapshot = SnapshotWithCounter("/q", int.MaxValue);
        var h = new TreeHarness(tree: DataTree.FromSnapshot(snapshot));
        Assert.Equal("/q/n2147483647", h.Create("/q/n", CreateMode.PersistentSequential));
        Assert.Equal("/q/n-2147483648", h.Create("/q/n", CreateMode.PersistentSequential));
        Assert.Equal("/q/n-2147483647", h.Create("/q/n", CreateMode.PersistentSequential));
    }

    /// <summary>
    /// BUG: a sequential create whose prefix is "/" names a child of the root ("/0000000000" in ZooKeeper, whose
    /// client validates "/" + "1"), but RequestPreparer.PrepareCreate answers NodeExists for any create of "/".
    /// </summary>
    [Fact]
    public void Sequential_prefix_slash_creates_a_numbered_child_of_the_root()
    {
        var h = new TreeHarness();
        Assert.Equal("/0000000000", h.Create("/", CreateMode.PersistentSequential));
        Assert.Equal("/0000000001", h.Create("/", CreateMode.PersistentSequential));
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/", CreateMode.Persistent)));
    }

    private static TreeSnapshot SnapshotWithCounter(string path, int childCreates)
    {
        var tree = new DataTree();
        var nodes = tree.CaptureSnapshot().Nodes.ToList();
        nodes.Add(new TreeSnapshot.NodeRecord(path, [], AclEntry.OpenUnsafe, 1, 1, 1, 0, 0, 0, childCreates, 0, 0));
        var root = nodes.Single(n => n.Path == "/");
        nodes[nodes.IndexOf(root)] = root with { ChildCreates = 1 };
        return new TreeSnapshot(1, [], nodes);
    }
}
