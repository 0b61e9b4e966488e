using CsCheck;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Snapshots;
using Registry.Tree.Txns;

namespace Registry.Tree.Tests;

/// <summary>CaptureSnapshot → WriteTo → ReadFrom → FromSnapshot reproduces the tree exactly; bad bodies are rejected.</summary>
public class SnapshotTests
{
    private static readonly string[] Paths = ["/a", "/a/b", "/a/c", "/d", "/d/e", "/a/b/f", "/c", "/t"];
    private static readonly Id Bob = new("digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0=");

    [Fact]
    public void Fresh_tree_round_trips()
    {
        var tree = new DataTree();
        var restored = RoundTrip(tree);
        Assert.Equal(TreeState.Dump(tree), TreeState.Dump(restored));
        Assert.True(restored.TryGetStat("/", out var root));
        Assert.Equal(-1, root.Cversion);
    }

    [Fact]
    public void Random_workloads_round_trip_exactly_and_keep_behaving_identically()
    {
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var h = new TreeHarness { Time = 1_000 };
            RunWorkload(h, rng, 120);

            var restoredTree = RoundTrip(h.Tree);
            Assert.Equal(h.Tree.LastZxid, restoredTree.LastZxid);
            foreach (var now in new long[] { 0, h.Time, h.Time + 50, long.MaxValue / 2 })
            {
                Assert.Equal(TreeState.Dump(h.Tree, now), TreeState.Dump(restoredTree, now));
            }

            // The restored tree must also behave the same (sequence counters, sessions, ephemerals, ACLs, versions).
            var restored = new TreeHarness(tree: restoredTree) { Time = h.Time };
            RunWorkload(h, new Random(seed + 1), 40, restored);
            Assert.Equal(TreeState.Dump(h.Tree, h.Time), TreeState.Dump(restored.Tree, h.Time));
        }, iter: 25);
    }

    [Fact]
    public void Snapshot_is_a_copy_unaffected_by_later_applies()
    {
        var h = new TreeHarness();
        h.Create("/a", data: [1]);
        var expected = TreeState.Dump(h.Tree);
        var snapshot = h.Tree.CaptureSnapshot();
        h.SetData("/a", [2]);
        h.Create("/b");
        h.Ok(new SetAclOp("/a", [new AclEntry(Perms.Read, Id.Anyone)]));
        using var stream = new MemoryStream();
        snapshot.WriteTo(stream);
        stream.Position = 0;
        Assert.Equal(expected, TreeState.Dump(DataTree.FromSnapshot(TreeSnapshot.ReadFrom(stream))));
        Assert.Equal(1, snapshot.Zxid);
        Assert.Equal(5, snapshot.NodeCount);
    }

    [Fact]
    public void Every_truncation_of_a_body_is_InvalidDataException()
    {
        var h = new TreeHarness();
        RunWorkload(h, new Random(7), 30);
        var bytes = Serialize(h.Tree.CaptureSnapshot());
        for (var length = 0; length < bytes.Length; length++)
        {
            using var stream = new MemoryStream(bytes, 0, length);
            var e = Record.Exception(() => TreeSnapshot.ReadFrom(stream));
            Assert.True(e is InvalidDataException, $"cut at {length}/{bytes.Length}: {e?.GetType().Name ?? "no exception"}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Wrong_magic_or_format_version_is_InvalidDataException(int offset)
    {
        var bytes = Serialize(new DataTree().CaptureSnapshot());
        bytes[offset] ^= 0x01;
        using var stream = new MemoryStream(bytes);
        Assert.Throws<InvalidDataException>(() => TreeSnapshot.ReadFrom(stream));
    }

    [Fact]
    public void Negative_counts_are_InvalidDataException()
    {
        var bytes = Serialize(new DataTree().CaptureSnapshot());
        BitConverter.GetBytes(-1).CopyTo(bytes, 16); // session count follows magic, version and zxid
        using var stream = new MemoryStream(bytes);
        Assert.Throws<InvalidDataException>(() => TreeSnapshot.ReadFrom(stream));
    }

    /// <summary>BUG (same cause as TxnCodec): a corrupt string length prefix escapes as FormatException/IOException.</summary>
    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f })]
    public void Corrupt_path_length_prefix_is_InvalidDataException(byte[] prefix)
    {
        var bytes = Serialize(new DataTree().CaptureSnapshot());
        var firstPath = 4 + 4 + 8 + 4 + 1; // magic, version, zxid, no sessions, node tag
        byte[] corrupt = [.. bytes.AsSpan(0, firstPath), .. prefix, .. bytes.AsSpan(firstPath + 1)];
        using var stream = new MemoryStream(corrupt);
        Assert.IsType<InvalidDataException>(Record.Exception(() => TreeSnapshot.ReadFrom(stream)));
    }

    [Fact]
    public void A_version_1_body_still_reads()
    {
        var h = new TreeHarness { Time = 100 };
        RunWorkload(h, new Random(11), 60);
        var snapshot = h.Tree.CaptureSnapshot();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0x52544752);
            writer.Write(1);
            writer.Write(snapshot.Zxid);
            writer.Write(snapshot.Sessions.Count);
            foreach (var (id, timeout) in snapshot.Sessions)
            {
                writer.Write(id);
                writer.Write(timeout);
            }

            writer.Write(snapshot.NodeCount);
            foreach (var n in snapshot.Nodes)
            {
                writer.Write(n.Path);
                TxnCodec.WriteBytes(writer, n.Data);
                TxnCodec.WriteAcl(writer, n.Acl);
                writer.Write(n.Czxid);
                writer.Write(n.Mzxid);
                writer.Write(n.Pzxid);
                writer.Write(n.Ctime);
                writer.Write(n.Mtime);
                writer.Write(n.Version);
                writer.Write(n.ChildCreates);
                writer.Write(n.Aversion);
                writer.Write(n.EphemeralOwner);
            }
        }

        stream.Position = 0;
        Assert.Equal(TreeState.Dump(h.Tree, h.Time), TreeState.Dump(DataTree.FromSnapshot(TreeSnapshot.ReadFrom(stream)), h.Time));
    }

    [Fact]
    public void Data_and_paths_larger_than_the_write_buffer_round_trip()
    {
        var h = new TreeHarness();
        var big = new byte[200_000];
        new Random(3).NextBytes(big);
        h.Create("/big", data: big);

        // Longer than clients may send (MaxPathLength), so applied directly, as a replayed transaction would be.
        h.Tree.Apply(new TxnHeader(0, h.Tree.LastZxid + 1, 0), new CreateTxn("/" + new string('p', 70_000) + "\u00e9", [1], AclEntry.OpenUnsafe, 0));
        h.Tree.Apply(new TxnHeader(0, h.Tree.LastZxid + 1, 0), new CreateTxn("/after", [2], AclEntry.OpenUnsafe, 0));
        Assert.Equal(TreeState.Dump(h.Tree), TreeState.Dump(RoundTrip(h.Tree)));

        using var body = new MemoryStream();
        h.Tree.BeginSnapshot().WriteTo(body);
        body.Position = 0;
        Assert.Equal(TreeState.Dump(h.Tree), TreeState.Dump(DataTree.FromSnapshot(TreeSnapshot.ReadFrom(body))));
    }

    [Fact]
    public void Each_distinct_acl_is_written_once()
    {
        var h = new TreeHarness();
        for (var i = 0; i < 50; i++)
        {
            h.Create($"/open{i}", data: new byte[10]);
            h.Create($"/read{i}", data: new byte[10], acl: [new AclEntry(Perms.Read, Id.Anyone)]);
        }

        var bytes = Serialize(h.Tree.CaptureSnapshot());
        var digest = System.Text.Encoding.UTF8.GetBytes("anyone");
        Assert.Equal(2, Occurrences(bytes, digest));
        Assert.Equal(TreeState.Dump(h.Tree), TreeState.Dump(RoundTrip(h.Tree)));
    }

    [Theory]
    [InlineData(2)] // a node tag that is neither a node nor the end
    [InlineData(3)] // an ACL reference to a list not defined yet
    public void Corrupt_tags_and_acl_references_are_InvalidDataException(int corruption)
    {
        var bytes = Serialize(new DataTree().CaptureSnapshot());
        var firstNode = 4 + 4 + 8 + 4; // magic, version, zxid, no sessions
        if (corruption == 2)
        {
            bytes[firstNode] = 2;
        }
        else
        {
            // The first node: tag, path (a one-byte length, then the bytes), data (int32 length, then the bytes), then the
            // reference that defines the first ACL list.
            var data = firstNode + 1 + 1 + bytes[firstNode + 1];
            var acl = data + 4 + BitConverter.ToInt32(bytes, data);
            Assert.Equal(-1, BitConverter.ToInt32(bytes, acl));
            BitConverter.GetBytes(5).CopyTo(bytes, acl);
        }

        using var stream = new MemoryStream(bytes);
        Assert.IsType<InvalidDataException>(Record.Exception(() => TreeSnapshot.ReadFrom(stream)));
    }

    [Fact]
    public void Inconsistent_snapshots_are_rejected()
    {
        var good = new DataTree().CaptureSnapshot().Nodes;
        var orphan = new TreeSnapshot.NodeRecord("/x/y", [], AclEntry.OpenUnsafe, 1, 1, 1, 0, 0, 0, 0, 0, 0);
        Assert.Throws<InvalidDataException>(() => DataTree.FromSnapshot(new TreeSnapshot(1, [], [.. good, orphan])));
        Assert.Throws<InvalidDataException>(() => DataTree.FromSnapshot(new TreeSnapshot(1, [], [.. good, good[^1]])));
        Assert.Throws<InvalidDataException>(() => DataTree.FromSnapshot(new TreeSnapshot(1, [], [.. good, orphan with { Path = "/bad/" }])));
        Assert.Throws<InvalidDataException>(() => DataTree.FromSnapshot(new TreeSnapshot(1, [], [.. good.Where(n => n.Path != "/")])));
        Assert.Throws<InvalidDataException>(() => DataTree.FromSnapshot(new TreeSnapshot(1, [], [])));
    }

    [Fact]
    public void Restored_tree_rebuilds_the_ephemeral_container_and_ttl_indexes()
    {
        var h = new TreeHarness { Time = 100 };
        h.OpenSession(5, 4000);
        h.Create("/e", CreateMode.Ephemeral, context: TreeHarness.Session(5));
        h.Create("/c", CreateMode.Container);
        h.Create("/c/x");
        h.Delete("/c/x");
        h.Create("/t", CreateMode.PersistentWithTtl, ttl: 10);
        var restored = new TreeHarness(tree: RoundTrip(h.Tree)) { Time = 200 };
        Assert.Equal(["/e"], restored.Tree.EphemeralsOf(5));
        Assert.Equal(4000, restored.Tree.Sessions[5]);
        Assert.Equal(["/c", "/t"], restored.Tree.ReapCandidates(200).Order(StringComparer.Ordinal));
        restored.CloseSession(5);
        Assert.False(restored.Tree.Exists("/e"));
        Assert.Equal(h.LastProposed + 1, restored.Tree.LastZxid);
    }

    internal static DataTree RoundTrip(DataTree tree)
    {
        var bytes = Serialize(tree.CaptureSnapshot());
        using var stream = new MemoryStream(bytes);
        var read = TreeSnapshot.ReadFrom(stream);
        Assert.Equal(stream.Length, stream.Position);
        return DataTree.FromSnapshot(read);
    }

    private static int Occurrences(byte[] haystack, byte[] needle)
    {
        var count = 0;
        for (var at = haystack.AsSpan().IndexOf(needle); at >= 0;)
        {
            count++;
            var next = haystack.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return count;
    }

    private static byte[] Serialize(TreeSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        snapshot.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Random mixed writes; when <paramref name="mirror"/> is given every op is run on both harnesses and must agree.</summary>
    internal static void RunWorkload(TreeHarness h, Random rng, int steps, TreeHarness? mirror = null)
    {
        for (var i = 0; i < steps; i++)
        {
            var session = rng.Next(1, 4);
            var path = Paths[rng.Next(Paths.Length)];
            var data = new byte[rng.Next(0, 4)];
            rng.NextBytes(data);
            IReadOnlyList<AclEntry> acl = rng.Next(4) switch
            {
                0 => [new AclEntry(Perms.All, Bob), new AclEntry(Perms.Read, Id.Anyone)],
                1 => [new AclEntry(Perms.All, new Id("ip", "10.0.0.0/8")), new AclEntry(Perms.All, Id.Anyone)],
                _ => AclEntry.OpenUnsafe,
            };
            WriteOp op = rng.Next(12) switch
            {
                0 => new CreateSessionOp(session, 1000 * session),
                1 => new CloseSessionOp(session),
                2 => Ops.Create(path, CreateMode.Ephemeral, data, acl),
                3 => Ops.Create(path, CreateMode.EphemeralSequential, data, acl),
                4 => Ops.Create(path, CreateMode.Container, data, acl),
                5 => Ops.Create(path, CreateMode.PersistentWithTtl, data, acl, ttl: rng.Next(1, 100)),
                6 => Ops.Create(path, CreateMode.PersistentSequential, data, acl),
                7 => new DeleteOp(path, rng.Next(-1, 2)),
                8 => new SetAclOp(path, acl, rng.Next(-1, 2)),
                9 => new MultiOp([Ops.Create(path, data: data), new SetDataOp(path, data, -1)]),
                _ => Ops.Create(path, data: data, acl: acl),
            };
            var context = op is CreateSessionOp or CloseSessionOp ? RequestContext.System : TreeHarness.Session(rng.Next(3) == 0 ? 0 : session, Bob);
            h.Time += rng.Next(0, 20);
            var (outcome, _) = h.Run(op, context);
            if (mirror is not null)
            {
                mirror.Time = h.Time;
                var (mirrored, _) = mirror.Run(op, context);
                Assert.Equal(outcome.Error, mirrored.Error);
            }
        }
    }
}
