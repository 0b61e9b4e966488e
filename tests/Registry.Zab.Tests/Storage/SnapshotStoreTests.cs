using Registry.Zab.Storage;

namespace Registry.Zab.Tests.Storage;

public sealed class SnapshotStoreTests : IDisposable
{
    private const int HeaderSize = 16;
    private const int TrailerSize = 12;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_000)]
    public void A_written_snapshot_reads_back_byte_for_byte(int bodyLength)
    {
        var store = new SnapshotStore(_temp.Path);
        var body = Body(bodyLength, seed: bodyLength);
        store.Write(0x1_0000_002A, s => WriteInPieces(s, body));

        var latest = store.FindLatestValid();
        Assert.NotNull(latest);
        Assert.Equal(0x1_0000_002A, latest.Zxid);
        Assert.Equal(bodyLength, latest.BodyLength);
        Assert.Equal(Path.Combine(_temp.Path, "snapshot.000000010000002a"), latest.Path);
        Assert.Equal(body, ReadBody(store, latest));
        Assert.Equal([Path.GetFileName(latest.Path)], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_newest_valid_snapshot_wins_and_a_rewrite_replaces_it()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write([5]));
        store.Write(7, s => s.Write([7]));
        store.Write(6, s => s.Write([6]));
        store.Write(7, s => s.Write([7, 7]));

        var latest = store.FindLatestValid()!;
        Assert.Equal(7, latest.Zxid);
        Assert.Equal([7, 7], ReadBody(store, latest));
        Assert.Equal([7L, 6, 5], store.List().Select(s => s.Zxid));
    }

    [Fact]
    public void An_empty_directory_has_no_snapshot()
    {
        Assert.Null(new SnapshotStore(_temp.Sub("new")).FindLatestValid());
    }

    [Fact]
    public void A_flipped_byte_anywhere_in_the_newest_snapshot_falls_back_to_the_previous_one()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write(Body(40, seed: 5)));
        store.Write(9, s => s.Write(Body(40, seed: 9)));
        var path = store.FindLatestValid()!.Path;
        var original = File.ReadAllBytes(path);
        for (var at = 0; at < original.Length; at++)
        {
            var damaged = original.ToArray();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);

            var logger = new RecordingLogger();
            Assert.Equal(5, new SnapshotStore(_temp.Path, logger).FindLatestValid()?.Zxid);
            Assert.Contains(path, Assert.Single(logger.Warnings), StringComparison.Ordinal);
            Assert.True(File.Exists(path), "an invalid snapshot is never deleted automatically");
        }
    }

    [Fact]
    public void A_truncated_newest_snapshot_falls_back_to_the_previous_one_at_every_length()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write(Body(40, seed: 5)));
        store.Write(9, s => s.Write(Body(40, seed: 9)));
        var path = store.FindLatestValid()!.Path;
        var original = File.ReadAllBytes(path);
        for (var length = 0; length < original.Length; length++)
        {
            File.WriteAllBytes(path, original[..length]);
            Assert.Equal(5, store.FindLatestValid()?.Zxid);
        }
    }

    [Fact]
    public void A_snapshot_without_its_trailer_is_skipped()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write(Body(100, seed: 5)));
        store.Write(9, s => s.Write(Body(100, seed: 9)));
        var path = Path.Combine(_temp.Path, "snapshot.0000000000000009");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^TrailerSize]);

        Assert.Equal(5, store.FindLatestValid()?.Zxid);
    }

    [Fact]
    public void A_header_whose_zxid_differs_from_the_name_is_skipped()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write([1]));
        store.Write(9, s => s.Write([2]));
        File.Move(Path.Combine(_temp.Path, "snapshot.0000000000000009"), Path.Combine(_temp.Path, "snapshot.0000000000000008"));

        Assert.Equal(5, store.FindLatestValid()?.Zxid);
    }

    [Fact]
    public void Leftover_temp_files_are_ignored_and_deleted()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write([1, 2, 3]));
        var leftover = Path.Combine(_temp.Path, "snapshot.0000000000000009.tmp");
        File.WriteAllBytes(leftover, [.. File.ReadAllBytes(Path.Combine(_temp.Path, "snapshot.0000000000000005")), 0]);

        Assert.Equal(5, store.FindLatestValid()?.Zxid);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void A_failing_body_writer_leaves_no_file_behind()
    {
        var store = new SnapshotStore(_temp.Path);
        store.Write(5, s => s.Write([1]));

        Assert.Throws<InvalidOperationException>(() => store.Write(9, s =>
        {
            s.Write([1, 2, 3]);
            throw new InvalidOperationException("serialisation failed");
        }));

        Assert.Equal(["snapshot.0000000000000005"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal(5, store.FindLatestValid()?.Zxid);
    }

    [Fact]
    public void Purge_keeps_the_newest_valid_snapshots_and_deletes_everything_older()
    {
        var store = new SnapshotStore(_temp.Path);
        foreach (var zxid in new long[] { 10, 20, 30, 40, 50 })
        {
            store.Write(zxid, s => s.Write(Body(64, seed: (int)zxid)));
        }

        var corrupt = Path.Combine(_temp.Path, "snapshot.0000000000000028");
        var bytes = File.ReadAllBytes(corrupt);
        bytes[HeaderSize] ^= 0xFF;
        File.WriteAllBytes(corrupt, bytes);

        Assert.Equal([50L, 30], store.Purge(retainCount: 2).Select(s => s.Zxid));
        Assert.Equal(3, Directory.GetFiles(_temp.Path).Length);

        Assert.Equal([50L, 30], store.List().Select(s => s.Zxid));
        Assert.True(File.Exists(corrupt), "an invalid snapshot newer than the retained ones is kept for inspection");
        Assert.Equal([50L, 30], store.Purge(retainCount: 2).Select(s => s.Zxid));
        Assert.Equal([50L, 30], store.Purge(retainCount: 5).Select(s => s.Zxid));
        Assert.Equal(3, Directory.GetFiles(_temp.Path).Length);
        Assert.Equal([50L], store.Purge(retainCount: 1).Select(s => s.Zxid));
        Assert.Equal(["snapshot.0000000000000032"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Purge(0));
    }

    private static byte[] Body(int length, int seed)
    {
        var body = new byte[length];
        new Random(seed).NextBytes(body);
        return body;
    }

    /// <summary>Writes through every write overload, as serialisers do.</summary>
    private static void WriteInPieces(Stream stream, byte[] body)
    {
        var random = new Random(body.Length);
        for (var i = 0; i < body.Length;)
        {
            var n = Math.Min(random.Next(1, 5000), body.Length - i);
            switch (i % 3)
            {
                case 0:
                    stream.WriteByte(body[i]);
                    n = 1;
                    break;
                case 1:
                    stream.Write(body, i, n);
                    break;
                default:
                    stream.Write(body.AsSpan(i, n));
                    break;
            }

            i += n;
        }
    }

    private static byte[] ReadBody(SnapshotStore store, SnapshotInfo snapshot)
    {
        using var body = store.OpenBody(snapshot);
        using var copy = new MemoryStream();
        body.CopyTo(copy);
        Assert.Equal(snapshot.BodyLength, body.Length);
        return copy.ToArray();
    }
}
