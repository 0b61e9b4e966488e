using CsCheck;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Tests;

/// <summary>
/// A capture written (streamed) or copied while the apply thread keeps changing the tree is exactly the state at its
/// cut. The walk's per-node hook applies transactions between node visits, so every interleaving is reproducible from
/// a seed.
/// </summary>
public class SnapshotCaptureTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_walk_interleaved_with_random_writes_is_the_state_at_the_cut(bool streamed)
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var h = new TreeHarness { Time = 1_000 };
            SnapshotTests.RunWorkload(h, rng, 80);
            var expected = TreeState.Dump(h.Tree);
            var zxid = h.Tree.LastZxid;

            var capture = h.Tree.BeginSnapshot();
            SnapshotTests.RunWorkload(h, rng, rng.Next(0, 10));
            var snapshot = Take(capture, streamed, _ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 6)));
            SnapshotTests.RunWorkload(h, rng, 10);

            Assert.Equal(zxid, snapshot.Zxid);
            Assert.Equal(expected, TreeState.Dump(Restore(snapshot)));
        }, iter: 200);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Overlapping_captures_each_hold_their_own_cut(bool streamed)
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var h = new TreeHarness { Time = 1_000 };
            SnapshotTests.RunWorkload(h, rng, 60);
            var firstState = TreeState.Dump(h.Tree);
            var first = h.Tree.BeginSnapshot();
            SnapshotTests.RunWorkload(h, rng, 20);
            var secondState = TreeState.Dump(h.Tree);
            var second = h.Tree.BeginSnapshot();

            var secondCopy = Take(second, streamed, _ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 4)));
            var firstCopy = Take(first, !streamed, _ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 4)));

            Assert.Equal(firstState, TreeState.Dump(Restore(firstCopy)));
            Assert.Equal(secondState, TreeState.Dump(Restore(secondCopy)));
        }, iter: 100);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deleting_and_recreating_a_node_mid_walk_keeps_the_original(bool streamed)
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.Create("/a/b", data: [2]);
        h.Create("/c", data: [3]);
        var expected = TreeState.Dump(h.Tree);
        var capture = h.Tree.BeginSnapshot();

        var snapshot = Take(capture, streamed, visited =>
        {
            if (visited == 1)
            {
                h.Delete("/a/b");
                h.Delete("/a");
                h.Create("/a", data: [9]);
                h.SetData("/c", [8]);
                h.Create("/d");
            }
        });

        Assert.Equal(expected, TreeState.Dump(Restore(snapshot)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Installing_a_snapshot_mid_walk_does_not_leak_into_the_capture(bool streamed)
    {
        var leader = new TreeHarness();
        leader.Create("/leader");
        leader.OpenSession(7);
        var replica = new TreeHarness();
        replica.Create("/replica", data: [1]);
        replica.Create("/replica/child");
        var expected = TreeState.Dump(replica.Tree);
        var capture = replica.Tree.BeginSnapshot();

        var snapshot = Take(capture, streamed, visited =>
        {
            if (visited == 2)
            {
                replica.Tree.InstallSnapshot(leader.Tree.CaptureSnapshot());
            }
        });

        Assert.Equal(expected, TreeState.Dump(Restore(snapshot)));
        Assert.Equal(TreeState.Dump(leader.Tree), TreeState.Dump(replica.Tree));
    }

    [Fact]
    public void Sessions_are_those_open_at_the_cut()
    {
        var h = new TreeHarness();
        h.OpenSession(1, 3000);
        h.OpenSession(2, 4000);
        var capture = h.Tree.BeginSnapshot();
        h.CloseSession(1);
        h.OpenSession(3, 5000);

        var restored = Restore(capture.Copy());

        Assert.Equal([new(1, 3000), new(2, 4000)], restored.Sessions.OrderBy(s => s.Key));
    }

    [Fact]
    public void A_capture_is_walked_only_once()
    {
        var capture = new DataTree().BeginSnapshot();
        capture.Copy();
        Assert.Throws<InvalidOperationException>(capture.Copy);
        Assert.Throws<InvalidOperationException>(() => capture.WriteTo(Stream.Null));
    }

    [Fact]
    public void A_streamed_walk_holds_the_pre_images_of_nodes_changed_after_it_wrote_them()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.Create("/b", data: [2]);
        var expected = TreeState.Dump(h.Tree);
        var capture = h.Tree.BeginSnapshot();
        var nodes = h.Tree.NodeCount;
        using var body = new MemoryStream();

        // Once every node is written, change them all: each is then in both sections, with the same state.
        capture.WriteTo(body, visited =>
        {
            if (visited == nodes)
            {
                h.SetData("/a", [9]);
                h.Delete("/b");
            }
        });

        body.Position = 0;
        var read = TreeSnapshot.ReadFrom(body);
        Assert.Equal(nodes, read.NodeCount);
        Assert.Equal(expected, TreeState.Dump(DataTree.FromSnapshot(read)));
    }

    /// <summary>The state at the cut, walked by <see cref="SnapshotCapture.WriteTo(Stream)"/> (read back) or <see cref="SnapshotCapture.Copy()"/>.</summary>
    private static TreeSnapshot Take(SnapshotCapture capture, bool streamed, Action<int> afterEachNode)
    {
        if (!streamed)
        {
            return capture.Copy(afterEachNode);
        }

        using var body = new MemoryStream();
        capture.WriteTo(body, afterEachNode);
        body.Position = 0;
        return TreeSnapshot.ReadFrom(body);
    }

    private static DataTree Restore(TreeSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        snapshot.WriteTo(stream);
        stream.Position = 0;
        return DataTree.FromSnapshot(TreeSnapshot.ReadFrom(stream));
    }
}
