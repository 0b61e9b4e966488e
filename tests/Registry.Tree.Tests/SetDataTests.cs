using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Tests;

/// <summary>Reference §6.6 and §9.4: setData, data versions and their wrap rule.</summary>
public class SetDataTests
{
    [Fact]
    public void SetData_bumps_version_mzxid_and_mtime_only()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.Create("/a/c");
        var before = h.Stat("/a");
        h.Time += 1234;
        var result = h.SetData("/a", [7, 8]);
        var zxid = h.LastProposed;
        var after = h.Stat("/a");
        Assert.Equal(before with { Version = 1, Mzxid = zxid, Mtime = h.Time, DataLength = 2 }, after);
        Assert.Equal(after, result.Result.Stat);
        Assert.Equal([7, 8], h.Data("/a"));
        Assert.NotEqual(zxid, after.Pzxid);
        Assert.Equal(before.Ctime, after.Ctime);
    }

    [Fact]
    public void SetData_does_not_touch_the_parent()
    {
        var h = new TreeHarness();
        h.Create("/p");
        h.Create("/p/a");
        var parent = h.Stat("/p");
        h.SetData("/p/a", [1]);
        Assert.Equal(parent, h.Stat("/p"));
    }

    [Fact]
    public void Versions_are_checked_unless_minus_one()
    {
        var h = new TreeHarness();
        h.Create("/a");
        h.SetData("/a", [1], 0);
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new SetDataOp("/a", [2], 0)));
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new SetDataOp("/a", [2], 2)));
        h.SetData("/a", [2], 1);
        h.SetData("/a", [3], -1);
        Assert.Equal(3, h.Stat("/a").Version);
        Assert.Equal([3], h.Data("/a"));
    }

    [Fact]
    public void Empty_data_is_allowed()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1, 2]);
        h.SetData("/a", []);
        Assert.Equal(0, h.Stat("/a").DataLength);
        Assert.Empty(h.Data("/a"));
    }

    [Fact]
    public void Errors_in_order_NoNode_NoAuth_BadVersion()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.NoNode, h.Fail(new SetDataOp("/nope", [], 5)));
        h.Create("/ro", acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new SetDataOp("/ro", [], 5)));
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new SetDataOp("/ro", [])));
        h.Create("/w");
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new SetDataOp("/w", [], 5)));
    }

    [Fact]
    public void Data_size_limit_is_enforced()
    {
        var h = new TreeHarness(new PreparerOptions { MaxDataBytes = 3 });
        h.Create("/a");
        h.SetData("/a", [1, 2, 3]);
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new SetDataOp("/a", [1, 2, 3, 4])));
        Assert.Equal([1, 2, 3], h.Data("/a"));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new MultiOp([new SetDataOp("/a", [1, 2, 3, 4])])));
    }

    [Fact]
    public void Version_after_int_max_wraps_to_int_min()
    {
        var h = HarnessWithVersion(int.MaxValue);
        h.SetData("/v", [1], int.MaxValue);
        Assert.Equal(int.MinValue, h.Stat("/v").Version);
    }

    [Fact]
    public void Version_never_becomes_minus_one()
    {
        var h = HarnessWithVersion(-2);
        h.SetData("/v", [1], -2);
        Assert.Equal(0, h.Stat("/v").Version); // next(-2) = 0, so -1 keeps meaning "any version"
        h.SetData("/v", [2], 0);
        Assert.Equal(1, h.Stat("/v").Version);
    }

    [Fact]
    public void SetAcl_bumps_aversion_only_and_checks_it()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        var before = h.Stat("/a");
        var result = h.Ok(new SetAclOp("/a", [new AclEntry(Perms.Read | Perms.Admin, Id.Anyone)], 0));
        var after = h.Stat("/a");
        Assert.Equal(before with { Aversion = 1 }, after);
        Assert.Equal(after, result.Result.Stat);
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new SetAclOp("/a", AclEntry.OpenUnsafe, 0)));
        Assert.Equal([new AclEntry(Perms.Read | Perms.Admin, Id.Anyone)], h.Tree.GetAcl("/a", out _)!);
        h.Ok(new SetAclOp("/a", AclEntry.OpenUnsafe, 1));
        Assert.Equal(2, h.Stat("/a").Aversion);
    }

    [Fact]
    public void Aversion_wrap_skips_minus_one()
    {
        var tree = DataTree.FromSnapshot(SnapshotWith(new TreeSnapshot.NodeRecord("/v", [], AclEntry.OpenUnsafe, 1, 1, 1, 0, 0, 0, 0, -2, 0)));
        var h = new TreeHarness(tree: tree);
        h.Ok(new SetAclOp("/v", AclEntry.OpenUnsafe, -2));
        Assert.Equal(0, h.Stat("/v").Aversion);
    }

    [Fact]
    public void SetAcl_errors_in_order_BadArguments_InvalidAcl_NoNode_NoAuth_BadVersion()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(new SetAclOp("/a/", [])));
        Assert.Equal(ErrorCode.InvalidAcl, h.Fail(new SetAclOp("/nope", [])));
        Assert.Equal(ErrorCode.NoNode, h.Fail(new SetAclOp("/nope", AclEntry.OpenUnsafe, 9)));
        h.Create("/ro", acl: [new AclEntry(Perms.All & ~Perms.Admin, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(new SetAclOp("/ro", AclEntry.OpenUnsafe, 9)));
        h.Create("/a");
        Assert.Equal(ErrorCode.BadVersion, h.Fail(new SetAclOp("/a", AclEntry.OpenUnsafe, 9)));
    }

    private static TreeHarness HarnessWithVersion(int version) =>
        new(tree: DataTree.FromSnapshot(SnapshotWith(new TreeSnapshot.NodeRecord("/v", [], AclEntry.OpenUnsafe, 1, 1, 1, 0, 0, version, 0, 0, 0))));

    private static TreeSnapshot SnapshotWith(TreeSnapshot.NodeRecord record)
    {
        var nodes = new DataTree().CaptureSnapshot().Nodes.ToList();
        nodes.Add(record);
        return new TreeSnapshot(1, [], nodes);
    }
}
