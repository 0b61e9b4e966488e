using Registry.Tree.Acl;
using Registry.Tree.Txns;
using Registry.Tree.Watches;

namespace Registry.Tree.Tests;

/// <summary>A replica synchronised by a full snapshot replaces its state in place and reports the difference.</summary>
public class InstallSnapshotTests
{
    [Fact]
    public void Installing_replaces_the_state_and_reports_the_difference_as_changes()
    {
        // A common prefix, then histories that differ (the replica's /gone was never committed by the leader).
        var leader = new TreeHarness();
        var replica = new TreeHarness();
        foreach (var h in new[] { leader, replica })
        {
            h.Create("/kept");
            h.Create("/changed");
        }

        replica.Create("/gone");
        leader.OpenSession(0x11);
        leader.Create("/eph", CreateMode.Ephemeral, context: TreeHarness.Session(0x11));
        leader.SetData("/changed", [1]);
        leader.Create("/new");
        var watcher = new RecordingWatcher();
        Assert.True(replica.Tree.TryGetData("/gone", out _, out _, watcher));

        var installed = replica.Tree.InstallSnapshot(leader.Tree.CaptureSnapshot());

        Assert.Equal(TreeState.Dump(leader.Tree), TreeState.Dump(replica.Tree));
        Assert.Equal(leader.Tree.LastZxid, replica.Tree.LastZxid);
        Assert.Equal(["/eph"], replica.Tree.EphemeralsOf(0x11));
        Assert.Contains(new TreeChange(EventType.NodeDeleted, "/gone"), installed.Changes);
        Assert.Contains(new TreeChange(EventType.NodeDataChanged, "/changed"), installed.Changes);
        Assert.Contains(new TreeChange(EventType.NodeCreated, "/new"), installed.Changes);
        Assert.DoesNotContain(installed.Changes, c => c.Path == "/kept");
        Assert.Equal([new WatchedEvent(EventType.NodeDeleted, "/gone", leader.Tree.LastZxid)], watcher.Events);
    }

    [Fact]
    public async Task A_reader_never_misses_a_node_both_trees_hold_while_a_snapshot_is_installed()
    {
        var leader = new TreeHarness();
        var replica = new TreeHarness();
        foreach (var h in new[] { leader, replica })
        {
            h.Create("/kept");
        }

        for (var i = 0; i < 2_000; i++)
        {
            leader.Create($"/leader-{i}");
            replica.Create($"/replica-{i}");
        }

        var snapshot = leader.Tree.CaptureSnapshot();
        using var installing = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var misses = 0;
            reading.SetResult();
            for (var reads = 0; reads < 50_000_000 && !installing.IsCancellationRequested; reads++)
            {
                if (!replica.Tree.TryGetData("/kept", out _, out _))
                {
                    misses++;
                }
            }

            return misses;
        });

        await reading.Task;
        for (var i = 0; i < 30; i++)
        {
            replica.Tree.InstallSnapshot(snapshot);
        }

        await installing.CancelAsync();
        Assert.Equal(0, await reader);
        Assert.Equal(TreeState.Dump(leader.Tree), TreeState.Dump(replica.Tree));
    }

    [Fact]
    public void Installing_releases_the_replaced_nodes_ACL_lists()
    {
        var leader = new TreeHarness();
        var replica = new TreeHarness();
        for (var i = 0; i < 10; i++)
        {
            replica.Create($"/own-{i}", acl: [new AclEntry(Perms.All, new Id("ip", $"10.0.0.{i}"))]);
        }

        replica.Tree.InstallSnapshot(leader.Tree.CaptureSnapshot());
        replica.Tree.InstallSnapshot(leader.Tree.CaptureSnapshot());

        Assert.Equal(leader.Tree.AclListCount, replica.Tree.AclListCount);
    }

    [Fact]
    public void A_replicated_error_changes_nothing_but_the_zxid()
    {
        var tree = new DataTree();
        var nodes = tree.NodeCount;
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload))
        {
            TxnCodec.Write(writer, new TxnHeader(0, 1, 0), new ErrorTxn(ErrorCode.NoNode, "/x does not exist", []));
        }

        var (header, txn) = TxnCodec.Read(1, payload.ToArray());
        var applied = tree.Apply(header, txn);

        Assert.Equal(ErrorCode.NoNode, applied.Result.Error);
        Assert.Empty(applied.Changes);
        Assert.Equal(1, tree.LastZxid);
        Assert.Equal(nodes, tree.NodeCount);
    }

    private sealed class RecordingWatcher : IWatcher
    {
        public List<WatchedEvent> Events { get; } = [];

        public void Process(WatchedEvent e) => Events.Add(e);
    }
}
