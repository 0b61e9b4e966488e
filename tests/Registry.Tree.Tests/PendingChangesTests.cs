using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Tree.Tests;

/// <summary>
/// Prepare runs ahead of apply: later requests must see earlier prepared-but-unapplied ones exactly as if they
/// had been applied (ZooKeeper's outstanding ChangeRecords).
/// </summary>
public class PendingChangesTests
{
    private static readonly (long Session, WriteOp Op)[] Burst =
    [
        (0, new CreateSessionOp(9, 5000)),
        (0, Ops.Create("/p", data: [1])),
        (0, Ops.Create("/p/c")),
        (0, Ops.Create("/p/c/leaf")),
        (0, Ops.Create("/p/s-", CreateMode.PersistentSequential)),
        (0, Ops.Create("/p/s-", CreateMode.PersistentSequential)),
        (9, Ops.Create("/p/e-", CreateMode.EphemeralSequential)),
        (0, new SetDataOp("/p", [2], 0)),
        (0, new SetDataOp("/p", [3], 0)),         // BadVersion: the pending version is 1
        (0, new SetDataOp("/p", [3], 1)),
        (0, new DeleteOp("/p/c")),                // NotEmpty: the pending child exists
        (0, new DeleteOp("/p/c/leaf", 0)),
        (0, new DeleteOp("/p/c", 0)),
        (0, Ops.Create("/p/c", data: [9])),       // re-create what was just deleted
        (0, new SetDataOp("/p/c", [8], 0)),
        (0, Ops.Create("/p/c")),                  // NodeExists
        (0, new SetAclOp("/p/c", [new AclEntry(Perms.Read | Perms.Admin, Id.Anyone)], 0)),
        (0, new SetDataOp("/p/c", [7])),          // NoAuth under the pending ACL
        (0, new SetAclOp("/p/c", AclEntry.OpenUnsafe, 0)), // BadVersion: pending aversion is 1
        (0, new MultiOp([Ops.Create("/m"), Ops.Create("/m/x"), new CheckOp("/p", 2)])),
        (0, new MultiOp([Ops.Create("/m2"), new CheckOp("/p", 1)])), // fails: nothing of it may leak
        (0, Ops.Create("/m2/x")),                 // NoNode
        (0, Ops.Create("/p/s-", CreateMode.PersistentSequential)),
        (9, Ops.Create("/p/e2", CreateMode.Ephemeral)),
        (0, new CloseSessionOp(9)),
        (9, Ops.Create("/late")),                 // SessionExpired: the close is pending
        (0, new DeleteOp("/p/s-0000000002")),
        (0, Ops.Create("/p/s-", CreateMode.PersistentSequential)),
    ];

    [Fact]
    public void A_burst_of_prepares_applied_in_order_equals_applying_one_at_a_time()
    {
        var oneByOne = new TreeHarness();
        var expectedCodes = new List<ErrorCode>();
        var expectedPaths = new List<string?>();
        foreach (var (session, op) in Burst)
        {
            var (outcome, applied) = oneByOne.Run(op, Context(session, op));
            expectedCodes.Add(outcome.Error);
            expectedPaths.Add(applied?.Result.Path);
        }

        // Sanity: the scenario exercises the interesting cases.
        Assert.Equal(ErrorCode.BadVersion, expectedCodes[8]);
        Assert.Equal(ErrorCode.NotEmpty, expectedCodes[10]);
        Assert.Equal(ErrorCode.NodeExists, expectedCodes[15]);
        Assert.Equal(ErrorCode.NoAuth, expectedCodes[17]);
        Assert.Equal(ErrorCode.BadVersion, expectedCodes[18]);
        Assert.Equal(ErrorCode.BadVersion, expectedCodes[20]);
        Assert.Equal(ErrorCode.NoNode, expectedCodes[21]);
        Assert.Equal(ErrorCode.SessionExpired, expectedCodes[25]);
        Assert.Equal(["/p/s-0000000001", "/p/s-0000000002", "/p/e-0000000003"], expectedPaths.Where(p => p?.Contains('-', StringComparison.Ordinal) == true).Take(3));

        // The session must be open before its requests are prepared (the session tracker awaits the open).
        var burst = new TreeHarness();
        burst.Run(Burst[0].Op, RequestContext.System);
        var codes = new List<ErrorCode> { ErrorCode.Ok };
        var txns = new List<Txn?> { null };
        foreach (var (session, op) in Burst.Skip(1))
        {
            var outcome = burst.Prepare(op, Context(session, op));
            codes.Add(outcome.Error);
            txns.Add(outcome.Txn);
        }

        Assert.Equal(expectedCodes, codes);
        Assert.Equal(codes.Count(c => c == ErrorCode.Ok) - 1, burst.QueuedCount); // nothing applied yet except the session
        Assert.True(burst.QueuedCount > 15);
        var results = burst.ApplyAll();
        Assert.All(results, r => Assert.True(r.Result.IsOk, $"zxid {r.Zxid}: {r.Result.Error}"));
        Assert.Equal(expectedPaths.Where(p => p is not null), results.Select(r => r.Result.Path).Where(p => p is not null));
        Assert.Equal(TreeState.Dump(oneByOne.Tree), TreeState.Dump(burst.Tree));
        Assert.Equal(0, burst.Preparer.PendingCount);
    }

    [Fact]
    public void Sequential_names_keep_increasing_across_unapplied_creates()
    {
        var h = new TreeHarness();
        h.Create("/q");
        var names = Enumerable.Range(0, 5).Select(_ => ((CreateTxn)h.Prepare(Ops.Create("/q/n", CreateMode.PersistentSequential)).Txn!).Path).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"/q/n000000000{i}"), names);
        h.ApplyAll();
        Assert.Equal(names.Select(ZPath.Name), h.Children("/q"));
    }

    [Fact]
    public void Partial_applies_keep_pending_reads_consistent()
    {
        var h = new TreeHarness();
        Assert.True(h.Prepare(Ops.Create("/a")).IsSuccess);
        Assert.True(h.Prepare(new SetDataOp("/a", [1], 0)).IsSuccess);
        Assert.True(h.Prepare(new SetDataOp("/a", [2], 1)).IsSuccess);
        h.ApplyNext();
        Assert.Equal(0, h.Stat("/a").Version);
        Assert.Equal(ErrorCode.BadVersion, h.Prepare(new SetDataOp("/a", [3], 0)).Error);
        h.ApplyNext();
        Assert.Equal(ErrorCode.BadVersion, h.Prepare(new SetDataOp("/a", [3], 1)).Error);
        Assert.True(h.Prepare(new SetDataOp("/a", [3], 2)).IsSuccess);
        h.ApplyAll();
        Assert.Equal(3, h.Stat("/a").Version);
        Assert.Equal([3], h.Data("/a"));
        Assert.Equal(0, h.Preparer.PendingCount);
    }

    [Fact]
    public void Pending_state_is_dropped_once_applied()
    {
        var h = new TreeHarness();
        Assert.True(h.Prepare(Ops.Create("/a")).IsSuccess);
        Assert.True(h.Prepare(Ops.Create("/a/b")).IsSuccess);
        Assert.True(h.Preparer.PendingCount >= 3); // "/", "/a", "/a/b"
        h.ApplyNext();
        Assert.True(h.Preparer.PendingCount >= 2); // "/a" was changed again by zxid 2
        h.ApplyNext();
        Assert.Equal(0, h.Preparer.PendingCount);
    }

    [Fact]
    public void Failed_prepares_leave_no_pending_state()
    {
        var h = new TreeHarness();
        h.Create("/a");
        Assert.True(h.Prepare(Ops.Create("/b")).IsSuccess);
        var pending = h.Preparer.PendingCount;
        h.Prepare(Ops.Create("/a"));
        h.Prepare(Ops.Create("/x/y"));
        h.Prepare(new DeleteOp("/a", 4));
        h.Prepare(new SetDataOp("/zz", []));
        h.Prepare(new MultiOp([Ops.Create("/c"), new DeleteOp("/nope")]));
        Assert.Equal(pending, h.Preparer.PendingCount);
    }

    [Fact]
    public void Reset_forgets_in_flight_changes()
    {
        var h = new TreeHarness();
        Assert.True(h.Prepare(Ops.Create("/a")).IsSuccess);
        h.Preparer.Reset();
        Assert.Equal(0, h.Preparer.PendingCount);
        Assert.Equal(ErrorCode.NoNode, h.Preparer.Prepare(RequestContext.Anonymous, Ops.Create("/a/b"), 2, 0).Error);
    }

    [Fact]
    public void Delete_and_recreate_in_flight_yields_a_fresh_node()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.SetData("/a", [2]);
        Assert.True(h.Prepare(new DeleteOp("/a", 1)).IsSuccess);
        Assert.Equal(ErrorCode.NoNode, h.Prepare(new DeleteOp("/a")).Error);
        Assert.True(h.Prepare(Ops.Create("/a", data: [3])).IsSuccess);
        Assert.Equal(ErrorCode.BadVersion, h.Prepare(new SetDataOp("/a", [4], 1)).Error);
        Assert.True(h.Prepare(new SetDataOp("/a", [4], 0)).IsSuccess);
        h.ApplyAll();
        Assert.Equal(1, h.Stat("/a").Version);
        Assert.Equal([4], h.Data("/a"));
    }

    private static RequestContext Context(long session, WriteOp op) =>
        op is CreateSessionOp or CloseSessionOp ? RequestContext.System : session == 0 ? RequestContext.Anonymous : TreeHarness.Session(session);
}
