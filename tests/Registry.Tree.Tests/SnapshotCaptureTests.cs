using CsCheck;
using Registry.Tree.Snapshots;

namespace Registry.Tree.Tests;

/// <summary>
/// A capture copied while the apply thread keeps changing the tree is exactly the state at its cut. The copy's
/// per-node hook applies transactions between node visits, so every interleaving is reproducible from a seed.
/// </summary>
public class SnapshotCaptureTests
{
    [Fact]
    public void A_copy_interleaved_with_random_writes_is_the_state_at_the_cut()
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
            var snapshot = capture.Copy(_ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 6)));
            SnapshotTests.RunWorkload(h, rng, 10);

            Assert.Equal(zxid, snapshot.Zxid);
            Assert.Equal(expected, TreeState.Dump(Restore(snapshot)));
        }, iter: 200);
    }

    [Fact]
    public void Overlapping_captures_each_hold_their_own_cut()
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

            var secondCopy = second.Copy(_ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 4)));
            var firstCopy = first.Copy(_ => SnapshotTests.RunWorkload(h, rng, rng.Next(0, 4)));

            Assert.Equal(firstState, TreeState.Dump(Restore(firstCopy)));
            Assert.Equal(secondState, TreeState.Dump(Restore(secondCopy)));
        }, iter: 100);
    }

    [Fact]
    public void Deleting_and_recreating_a_node_mid_copy_keeps_the_original()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        h.Create("/a/b", data: [2]);
        h.Create("/c", data: [3]);
        var expected = TreeState.Dump(h.Tree);
        var capture = h.Tree.BeginSnapshot();

        var snapshot = capture.Copy(visited =>
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

    [Fact]
    public void Installing_a_snapshot_mid_copy_does_not_leak_into_the_capture()
    {
        var leader = new TreeHarness();
        leader.Create("/leader");
        leader.OpenSession(7);
        var replica = new TreeHarness();
        replica.Create("/replica", data: [1]);
        replica.Create("/replica/child");
        var expected = TreeState.Dump(replica.Tree);
        var capture = replica.Tree.BeginSnapshot();

        var snapshot = capture.Copy(visited =>
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
    public void A_capture_is_copied_only_once()
    {
        var capture = new DataTree().BeginSnapshot();
        capture.Copy();
        Assert.Throws<InvalidOperationException>(capture.Copy);
    }

    private static DataTree Restore(TreeSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        snapshot.WriteTo(stream);
        stream.Position = 0;
        return DataTree.FromSnapshot(TreeSnapshot.ReadFrom(stream));
    }
}
