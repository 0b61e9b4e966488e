using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>Reference §12: the tree of a fresh server.</summary>
public class InitialTreeTests
{
    private readonly DataTree _tree = new();

    [Fact]
    public void Root_has_one_child_and_cversion_minus_one()
    {
        Assert.True(_tree.TryGetData("/", out var data, out var stat));
        Assert.Empty(data);
        Assert.Equal(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), stat);
        Assert.True(_tree.TryGetChildren("/", out var children, out _));
        Assert.Equal(["zookeeper"], children);
    }

    [Fact]
    public void Zookeeper_node_has_two_children_and_cversion_minus_two()
    {
        Assert.True(_tree.TryGetStat("/zookeeper", out var stat));
        Assert.Equal(new Stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0), stat);
        Assert.True(_tree.TryGetChildren("/zookeeper", out var children, out _));
        Assert.Equal(["config", "quota"], children.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/zookeeper/quota")]
    [InlineData("/zookeeper/config")]
    public void Quota_and_config_are_empty_leaves_with_zero_stats(string path)
    {
        Assert.True(_tree.TryGetData(path, out var data, out var stat));
        Assert.Empty(data);
        Assert.Equal(default, stat);
    }

    [Fact]
    public void Config_is_read_only_for_everyone_and_the_rest_is_open()
    {
        Assert.Equal([new AclEntry(Perms.Read, Id.Anyone)], _tree.GetAcl("/zookeeper/config", out _)!);
        Assert.Equal([new AclEntry(Perms.All, Id.Anyone)], _tree.GetAcl("/zookeeper/quota", out _)!);
        Assert.Equal([new AclEntry(Perms.All, Id.Anyone)], _tree.GetAcl("/zookeeper", out _)!);
        Assert.Equal([new AclEntry(Perms.All, Id.Anyone)], _tree.GetAcl("/", out _)!);
    }

    [Fact]
    public void Counters_of_a_fresh_tree()
    {
        Assert.Equal(4, _tree.NodeCount);
        Assert.Equal(3, _tree.CountDescendants("/"));
        Assert.Equal(2, _tree.CountDescendants("/zookeeper"));
        Assert.Equal(0, _tree.CountDescendants("/zookeeper/config"));
        Assert.Equal(-1, _tree.CountDescendants("/nope"));
        Assert.Equal(0, _tree.LastZxid);
        Assert.Empty(_tree.Sessions);
        Assert.Equal(0, _tree.EphemeralCount);
        Assert.Empty(_tree.ReapCandidates(long.MaxValue));
    }

    [Fact]
    public void Config_cannot_be_written_by_anonymous_clients()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new SetDataOp("/zookeeper/config", [1])));
        Assert.Equal(ErrorCode.NoAuth, h.Fail(Ops.Create("/zookeeper/config/x")));
        h.Ok(new SetDataOp("/zookeeper/config", [1]), RequestContext.System);
    }
}
