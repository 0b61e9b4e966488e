using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Tree.Tests;

/// <summary>Reference §6.2 and §9.1: create in every mode, its Stat and its errors in ZooKeeper's order.</summary>
public class CreateTests
{
    private const long SessionId = 0x1234;

    private static TreeHarness WithSession()
    {
        var h = new TreeHarness();
        h.OpenSession(SessionId);
        return h;
    }

    [Theory]
    [InlineData(CreateMode.Persistent, false)]
    [InlineData(CreateMode.Ephemeral, true)]
    [InlineData(CreateMode.PersistentSequential, false)]
    [InlineData(CreateMode.EphemeralSequential, true)]
    [InlineData(CreateMode.Container, false)]
    [InlineData(CreateMode.PersistentWithTtl, false)]
    [InlineData(CreateMode.PersistentSequentialWithTtl, false)]
    public void New_node_stat_in_every_mode(CreateMode mode, bool ephemeral)
    {
        var h = WithSession();
        h.Create("/p");
        h.Time = 5_000;
        var result = h.Ok(Ops.Create("/p/n", mode, [1, 2, 3], ttl: mode.IsTtl() ? 1000 : 0), TreeHarness.Session(SessionId));
        var zxid = h.LastProposed;
        var path = result.Result.Path!;
        Assert.Equal(mode.IsSequential() ? "/p/n0000000000" : "/p/n", path);

        var expected = new Stat(zxid, zxid, 5_000, 5_000, 0, 0, 0, ephemeral ? SessionId : 0, 3, 0, zxid);
        Assert.Equal(expected, h.Stat(path));
        Assert.Equal(expected, result.Result.Stat);
        Assert.Equal(zxid, result.Zxid);
        Assert.Equal([1, 2, 3], h.Data(path));
        Assert.Equal(ephemeral ? [path] : [], h.Tree.EphemeralsOf(SessionId));
        Assert.Equal(AclEntry.OpenUnsafe, h.Tree.GetAcl(path, out _)!);
    }

    [Fact]
    public void Create_updates_the_parent_pzxid_child_count_and_cversion_but_not_mzxid()
    {
        var h = new TreeHarness();
        h.Create("/p", data: [9]);
        var createZxid = h.LastProposed;
        h.Time += 100;
        h.Create("/p/a");
        var childZxid = h.LastProposed;
        var parent = h.Stat("/p");
        Assert.Equal(createZxid, parent.Czxid);
        Assert.Equal(createZxid, parent.Mzxid);
        Assert.Equal(childZxid, parent.Pzxid);
        Assert.Equal(1, parent.NumChildren);
        Assert.Equal(1, parent.Cversion);
        Assert.Equal(0, parent.Version);
        Assert.Equal(h.Stat("/p").Ctime, parent.Mtime);
        Assert.Equal(["a"], h.Children("/p"));
    }

    [Fact]
    public void Root_cversion_follows_the_formula_as_children_are_added()
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.Equal(0, h.Stat("/").Cversion); // 2*1 - 2
        h.Create("/b");
        Assert.Equal(1, h.Stat("/").Cversion); // 2*2 - 3
        Assert.Equal(3, h.Stat("/").NumChildren);
    }

    [Fact]
    public void Creating_an_existing_node_is_NodeExists()
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/a")));
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/zookeeper")));
        Assert.Equal(ErrorCode.NodeExists, h.Fail(Ops.Create("/")));
    }

    [Fact]
    public void Missing_parent_is_NoNode()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.NoNode, h.Fail(Ops.Create("/a/b")));
        Assert.Equal(ErrorCode.NoNode, h.Fail(Ops.Create("/a/b", CreateMode.PersistentSequential)));
    }

    [Fact]
    public void Ephemerals_cannot_have_children_but_containers_and_ttl_nodes_can()
    {
        var h = WithSession();
        var ctx = TreeHarness.Session(SessionId);
        h.Create("/e", CreateMode.Ephemeral, context: ctx);
        h.Create("/es", CreateMode.EphemeralSequential, context: ctx);
        Assert.Equal(ErrorCode.NoChildrenForEphemerals, h.Fail(Ops.Create("/e/x")));
        Assert.Equal(ErrorCode.NoChildrenForEphemerals, h.Fail(Ops.Create("/e/x", CreateMode.Ephemeral), ctx));
        Assert.Equal(ErrorCode.NoChildrenForEphemerals, h.Fail(Ops.Create("/es0000000001/x", CreateMode.PersistentSequential)));

        h.Create("/c", CreateMode.Container);
        h.Create("/c/x");
        h.Create("/t", CreateMode.PersistentWithTtl, ttl: 10);
        h.Create("/t/x");
        Assert.Equal(1, h.Stat("/c").NumChildren);
        Assert.Equal(1, h.Stat("/t").NumChildren);
    }

    [Fact]
    public void Parent_without_create_permission_is_NoAuth()
    {
        var h = new TreeHarness();
        h.Create("/ro", acl: [new AclEntry(Perms.All & ~Perms.Create, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(Ops.Create("/ro/x")));
        h.Create("/ro/x", context: RequestContext.System);
    }

    [Fact]
    public void Unknown_mode_is_BadArguments()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/a", (CreateMode)7)));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/a", (CreateMode)(-1))));
    }

    [Fact]
    public void Ephemeral_create_needs_a_live_session()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/e", CreateMode.Ephemeral)));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/e", CreateMode.Ephemeral), TreeHarness.Session(99)));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/p"), TreeHarness.Session(99)));
    }

    [Theory]
    [InlineData("/a/")]
    [InlineData("/a/.")]
    [InlineData("/a/..")]
    [InlineData("/a/x\u0001")]
    [InlineData("/a/x\u0000")]
    [InlineData("a")]
    [InlineData("")]
    public void Invalid_paths_under_an_existing_parent_are_BadArguments(string path)
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create(path)));
    }

    [Fact]
    public void Data_size_limit_is_enforced_on_create()
    {
        var h = new TreeHarness(new PreparerOptions { MaxDataBytes = 4 });
        h.Create("/ok", data: [1, 2, 3, 4]);
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/big", data: [1, 2, 3, 4, 5])));
        Assert.False(h.Tree.Exists("/big"));
    }

    [Theory]
    [InlineData(CreateMode.PersistentWithTtl)]
    [InlineData(CreateMode.PersistentSequentialWithTtl)]
    public void Ttl_modes_are_Unimplemented_when_disabled(CreateMode mode)
    {
        var h = new TreeHarness(new PreparerOptions { TtlEnabled = false });
        Assert.Equal(ErrorCode.Unimplemented, h.Fail(Ops.Create("/t", mode, ttl: 100)));
        Assert.Equal(ErrorCode.Unimplemented, h.Fail(Ops.Create("/t", mode, ttl: 0))); // disabled wins over a bad ttl
        Assert.Equal(ErrorCode.Unimplemented, h.Fail(Ops.Create("/t", mode, acl: [], ttl: 100)));
    }

    [Theory]
    [InlineData(CreateMode.PersistentWithTtl, 0L)]
    [InlineData(CreateMode.PersistentWithTtl, -1L)]
    [InlineData(CreateMode.PersistentWithTtl, EphemeralOwner.MaxTtl + 1)]
    [InlineData(CreateMode.PersistentSequentialWithTtl, 0L)]
    [InlineData(CreateMode.PersistentSequentialWithTtl, long.MaxValue)]
    [InlineData(CreateMode.Persistent, 10L)]
    [InlineData(CreateMode.Container, 10L)]
    [InlineData(CreateMode.Ephemeral, 10L)]
    public void Bad_ttl_is_BadArguments(CreateMode mode, long ttl)
    {
        var h = WithSession();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/t", mode, ttl: ttl), TreeHarness.Session(SessionId)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(EphemeralOwner.MaxTtl)]
    public void Ttl_bounds_are_inclusive(long ttl)
    {
        var h = new TreeHarness();
        h.Create("/t", CreateMode.PersistentWithTtl, ttl: ttl);
        Assert.Equal(0, h.Stat("/t").EphemeralOwner);
    }

    [Fact]
    public void Invalid_acl_is_InvalidAcl()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.InvalidAcl, h.Fail(Ops.Create("/a", acl: [])));
        Assert.Equal(ErrorCode.InvalidAcl, h.Fail(Ops.Create("/a", acl: AclEntry.CreatorAll)));
    }

    // ---- Precedence (reference §6.2: first failure wins, PrepRequestProcessor order) ----

    [Fact]
    public void Missing_parent_and_bad_acl_is_InvalidAcl()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.InvalidAcl, h.Fail(Ops.Create("/missing/x", acl: [])));
        Assert.Equal(ErrorCode.InvalidAcl, h.Fail(Ops.Create("/missing/x", acl: [new AclEntry(Perms.All, new Id("digest", "nocolon"))])));
    }

    [Fact]
    public void Bad_mode_wins_over_every_later_check()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/missing/x", (CreateMode)42, acl: [])));
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/missing/x", CreateMode.PersistentWithTtl, acl: [], ttl: -5)));
    }

    [Fact]
    public void Expired_session_wins_over_acl_and_parent_checks()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/missing/x", acl: []), TreeHarness.Session(5)));
        Assert.Equal(ErrorCode.SessionExpired, h.Fail(Ops.Create("/missing/x", CreateMode.Ephemeral, acl: []), TreeHarness.Session(5)));
    }

    [Fact]
    public void Missing_parent_wins_over_permission_and_existence()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.NoNode, h.Fail(Ops.Create("/missing/x")));
    }

    [Fact]
    public void NoAuth_on_parent_wins_over_NodeExists_and_NoChildrenForEphemerals()
    {
        var h = WithSession();
        h.Create("/p");
        h.Create("/p/x");
        h.Ok(new SetAclOp("/p", [new AclEntry(Perms.Read, Id.Anyone)]));
        Assert.Equal(ErrorCode.NoAuth, h.Fail(Ops.Create("/p/x")));

        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(SessionId), acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        Assert.Equal(ErrorCode.NoAuth, h.Fail(Ops.Create("/e/x")));
    }

    [Fact]
    public void Ttl_check_wins_over_acl_checks()
    {
        var h = new TreeHarness();
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/t", CreateMode.PersistentWithTtl, acl: [], ttl: 0)));
    }

    /// <summary>
    /// BUG (reference §6.2 steps 3-7): ZooKeeper checks only "has a slash, no NUL" before the ACL fix-up, the
    /// parent lookup and the CREATE permission; the full path validation runs after the sequential suffix is
    /// appended (step 7). RequestPreparer.PrepareCreate validates the full path first, so these answer BadArguments.
    /// </summary>
    [Theory]
    [InlineData("/missing/x\u0001", "open", ErrorCode.NoNode)]
    [InlineData("/a//b", "open", ErrorCode.NoNode)] // parent "/a/" does not exist
    [InlineData("/a/.", "empty", ErrorCode.InvalidAcl)]
    [InlineData("/a/", "bad-digest", ErrorCode.InvalidAcl)]
    [InlineData("/zookeeper/config/.", "open", ErrorCode.NoAuth)]
    [InlineData("/zookeeper/config/x\u0001", "open", ErrorCode.NoAuth)]
    public void Create_validates_the_full_path_only_after_acl_parent_and_permission_checks(string path, string acl, ErrorCode expected)
    {
        var h = new TreeHarness();
        h.Create("/a");
        IReadOnlyList<AclEntry> entries = acl switch
        {
            "empty" => [],
            "bad-digest" => [new AclEntry(Perms.All, new Id("digest", "nocolon"))],
            _ => AclEntry.OpenUnsafe,
        };
        Assert.Equal(expected, h.Fail(Ops.Create(path, acl: entries)));
    }

    /// <summary>BUG (reference §6.2 step 1 before step 2): an unknown mode or a disabled TTL mode is reported before the session check.</summary>
    [Fact]
    public void Create_checks_the_mode_before_the_session()
    {
        var h = new TreeHarness(new PreparerOptions { TtlEnabled = false });
        Assert.Equal(ErrorCode.BadArguments, h.Fail(Ops.Create("/a", (CreateMode)9), TreeHarness.Session(77)));
        Assert.Equal(ErrorCode.Unimplemented, h.Fail(Ops.Create("/a", CreateMode.PersistentWithTtl, ttl: 5), TreeHarness.Session(77)));
    }
}
