using System.Buffers.Binary;
using Registry.Zab.Storage;

namespace Registry.Zab.Tests.Storage;

public sealed class TxnLogTests : IDisposable
{
    private const int FileHeaderSize = 16;
    private const int RecordOverhead = 17;

    /// <summary>Small files and chunks so that a few hundred records span many files.</summary>
    private static readonly TxnLogOptions Small = new() { PreallocateBytes = 512, RollOverBytes = 2048, Fsync = false };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Crc32C_matches_the_standard_check_value_and_extends_incrementally()
    {
        Assert.Equal(0xE3069283u, Crc32C.Append(0, "123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.Append(Crc32C.Append(0, "12345"u8), "6789"u8));
    }

    [Fact]
    public void Records_round_trip_across_files_batches_and_reopens_with_fsync()
    {
        var options = Small with { Fsync = true };
        var dir = _temp.Sub("log");
        var records = MakeRecords(400, seed: 1);
        var random = new Random(2);
        var log = TxnLog.Open(dir, options);
        var reopenedHalfway = false;
        try
        {
            for (var i = 0; i < records.Count;)
            {
                if (!reopenedHalfway && i >= records.Count / 2)
                {
                    reopenedHalfway = true;
                    log.Dispose();
                    log = TxnLog.Open(dir, options);
                    AssertSame(records.Take(i), log.ReadFrom(0));
                }

                var batch = Math.Min(random.Next(1, 26), records.Count - i);
                foreach (var record in records.Skip(i).Take(batch))
                {
                    log.Append(record.Zxid, record.Payload.Span);
                }

                log.Flush();
                i += batch;
                Assert.Equal(records[i - 1].Zxid, log.LastZxid);
            }
        }
        finally
        {
            log.Dispose();
        }

        var files = LogFiles(dir);
        Assert.True(files.Length >= 10, $"{files.Length} files");
        Assert.All(files.SkipLast(1), f => Assert.True(new FileInfo(f).Length <= options.RollOverBytes));
        Assert.All(files, f => Assert.Contains(records, r => Path.GetFileName(f) == $"log.{r.Zxid:x16}"));

        using var reopened = TxnLog.Open(dir, options);
        Assert.Equal(records[^1].Zxid, reopened.LastZxid);
        AssertSame(records, reopened.ReadFrom(0));
        for (var i = 0; i < records.Count; i += 37)
        {
            var zxid = records[i].Zxid;
            AssertSame(records.Where(r => r.Zxid > zxid), reopened.ReadFrom(zxid));
            AssertSame(records.Where(r => r.Zxid >= zxid), reopened.ReadFrom(zxid - 1));
        }

        Assert.Empty(reopened.ReadFrom(records[^1].Zxid));
    }

    [Fact]
    public void RollOver_starts_a_file_named_after_its_first_zxid_and_trims_the_previous_one()
    {
        var dir = _temp.Sub("log");
        using var log = TxnLog.Open(dir, Small);
        log.Append(1, new byte[10]);
        log.Append(2, new byte[10]);
        log.Flush();
        log.RollOver();
        log.Append(4, new byte[10]);
        log.RollOver();
        log.Append(5, new byte[10]);
        log.Flush();

        Assert.Equal(["log.0000000000000001", "log.0000000000000004", "log.0000000000000005"], LogFiles(dir).Select(Path.GetFileName));
        Assert.Equal(FileHeaderSize + (2 * (RecordOverhead + 10)), new FileInfo(LogFiles(dir)[0]).Length);
        Assert.Equal(FileHeaderSize + Small.PreallocateBytes, new FileInfo(LogFiles(dir)[2]).Length);
        AssertSame([new(1, new byte[10]), new(2, new byte[10]), new(4, new byte[10]), new(5, new byte[10])], log.ReadFrom(0));
    }

    [Fact]
    public void Unflushed_appends_are_not_read_and_do_not_survive_dispose()
    {
        var dir = _temp.Sub("log");
        var records = MakeRecords(10, seed: 4);
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, records.Take(5));
            foreach (var record in records.Skip(5))
            {
                log.Append(record.Zxid, record.Payload.Span);
            }

            Assert.Equal(records[^1].Zxid, log.LastZxid);
            AssertSame(records.Take(5), log.ReadFrom(0));
        }

        using var reopened = TxnLog.Open(dir, Small);
        Assert.Equal(records[4].Zxid, reopened.LastZxid);
        AssertSame(records.Take(5), reopened.ReadFrom(0));
    }

    [Theory]
    [InlineData(false)] // the file ends inside the record
    [InlineData(true)] // the rest of the record is zeros, as in a torn write into preallocated space
    public void A_torn_tail_at_every_offset_keeps_the_complete_records_and_later_appends_survive(bool zeroFill)
    {
        var records = MakeRecords(12, seed: 7, maxPayload: 40);
        var (name, original) = WriteSingleFile(records);
        var layout = RecordLayout(original);
        var dataEnd = layout[^1].Offset + layout[^1].Size;
        for (var cut = layout[^2].Offset; cut <= dataEnd; cut++)
        {
            var dir = _temp.Sub($"cut-{cut}");
            Directory.CreateDirectory(dir);
            var damaged = zeroFill ? original.ToArray() : original[..cut];
            if (zeroFill)
            {
                damaged.AsSpan(cut..dataEnd).Clear();
            }

            File.WriteAllBytes(Path.Combine(dir, name), damaged);

            var kept = records.Take(layout.Count(r => r.Offset + r.Size <= cut)).ToList();
            var atBoundary = cut == dataEnd || layout.Any(r => r.Offset == cut);
            // As long as the first cut record, so that a stale record after it would line up if it had survived.
            var appended = new LogRecord(records[^1].Zxid + 10, Payload(records[Math.Min(kept.Count, records.Count - 1)].Payload.Length, seed: cut));
            var logger = new RecordingLogger();
            using (var log = TxnLog.Open(dir, Small, logger))
            {
                Assert.Equal(kept[^1].Zxid, log.LastZxid);
                AssertSame(kept, log.ReadFrom(0));
                Assert.Equal(atBoundary ? 0 : 1, logger.Warnings.Count());
                log.Append(appended.Zxid, appended.Payload.Span);
                log.Flush();
            }

            var secondLogger = new RecordingLogger();
            using (var log = TxnLog.Open(dir, Small, secondLogger))
            {
                AssertSame([.. kept, appended], log.ReadFrom(0));
                Assert.Empty(secondLogger.Warnings);
            }
        }
    }

    [Fact]
    public void A_flipped_byte_anywhere_in_the_last_record_is_detected_and_cut()
    {
        var records = MakeRecords(6, seed: 11, maxPayload: 30);
        var (name, original) = WriteSingleFile(records);
        var last = RecordLayout(original)[^1];
        for (var at = last.Offset; at < last.Offset + last.Size; at++)
        {
            var dir = _temp.Sub($"flip-{at}");
            Directory.CreateDirectory(dir);
            var damaged = original.ToArray();
            damaged[at] ^= 0xFF;
            File.WriteAllBytes(Path.Combine(dir, name), damaged);

            var logger = new RecordingLogger();
            using var log = TxnLog.Open(dir, Small, logger);
            Assert.Equal(records[^2].Zxid, log.LastZxid);
            AssertSame(records.SkipLast(1), log.ReadFrom(0));
            Assert.Contains($"at offset {last.Offset}", Assert.Single(logger.Warnings), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Records_after_a_torn_one_are_zeroed_so_that_a_later_append_cannot_revive_them()
    {
        var records = MakeRecords(6, seed: 3, maxPayload: 30);
        var (name, original) = WriteSingleFile(records);
        var layout = RecordLayout(original);
        var dir = _temp.Sub("log");
        Directory.CreateDirectory(dir);
        var damaged = original.ToArray();
        damaged[layout[3].Offset + FileHeaderSize] ^= 0x01; // a payload byte of the fourth record
        File.WriteAllBytes(Path.Combine(dir, name), damaged);

        var logger = new RecordingLogger();
        var replacement = new LogRecord(records[3].Zxid, Payload(records[3].Payload.Length, seed: 99));
        using (var log = TxnLog.Open(dir, Small, logger))
        {
            AssertSame(records.Take(3), log.ReadFrom(0));
            var dropped = layout[^1].Offset + layout[^1].Size - layout[3].Offset;
            Assert.Contains($"dropped {dropped} bytes", Assert.Single(logger.Warnings), StringComparison.Ordinal);

            // Same length as the torn record, so without zeroing the old fifth record would follow it intact.
            log.Append(replacement.Zxid, replacement.Payload.Span);
            log.Flush();
        }

        using var reopened = TxnLog.Open(dir, Small);
        AssertSame([.. records.Take(3), replacement], reopened.ReadFrom(0));
    }

    [Theory]
    [InlineData(0)] // length
    [InlineData(5)] // checksum
    [InlineData(9)] // zxid
    [InlineData(16)] // payload
    [InlineData(-1)] // end marker
    public void A_damaged_record_in_an_earlier_file_throws_with_its_file_and_offset(int at)
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, MakeRecords(200, seed: 5));
        }

        var target = LogFiles(dir)[1];
        var bytes = File.ReadAllBytes(target);
        var middle = RecordLayout(bytes)[RecordLayout(bytes).Count / 2];
        bytes[at >= 0 ? middle.Offset + at : middle.Offset + middle.Size - 1] ^= 0xFF;
        File.WriteAllBytes(target, bytes);

        var e = Assert.Throws<CorruptLogException>(() => TxnLog.Open(dir, Small));
        Assert.Equal(target, e.FileName);
        Assert.Equal(middle.Offset, e.Offset);
    }

    [Fact]
    public void A_zeroed_record_length_in_an_earlier_file_is_not_taken_for_its_end()
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, MakeRecords(200, seed: 5));
        }

        var target = LogFiles(dir)[1];
        var bytes = File.ReadAllBytes(target);
        var middle = RecordLayout(bytes)[RecordLayout(bytes).Count / 2];
        bytes.AsSpan(middle.Offset, 4).Clear();
        File.WriteAllBytes(target, bytes);

        var e = Assert.Throws<CorruptLogException>(() => TxnLog.Open(dir, Small));
        Assert.Equal((target, (long)middle.Offset), (e.FileName, e.Offset));
    }

    [Fact]
    public void Garbage_after_the_end_of_data_in_the_last_file_is_cut_and_zeroed()
    {
        var records = MakeRecords(5, seed: 8, maxPayload: 30);
        var (name, original) = WriteSingleFile(records);
        var layout = RecordLayout(original);
        var dataEnd = layout[^1].Offset + layout[^1].Size;
        var dir = _temp.Sub("log");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        var damaged = original.ToArray();
        damaged.AsSpan(dataEnd + 50, 10).Fill(0xAB); // sectors of a torn write that landed after a zero hole
        File.WriteAllBytes(path, damaged);

        var logger = new RecordingLogger();
        using (var log = TxnLog.Open(dir, Small, logger))
        {
            AssertSame(records, log.ReadFrom(0));
            Assert.Contains("dropped 60 bytes", Assert.Single(logger.Warnings), StringComparison.Ordinal);
        }

        Assert.False(File.ReadAllBytes(path).AsSpan(dataEnd).ContainsAnyExcept((byte)0));
    }

    [Fact]
    public void Garbage_after_the_end_of_data_in_an_earlier_file_throws()
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small with { RollOverBytes = 1 << 20 }))
        {
            AppendAll(log, MakeRecords(5, seed: 8));
            log.RollOver();
            AppendAll(log, MakeRecords(5, seed: 9, firstZxid: 1000));
        }

        var first = LogFiles(dir)[0];
        var bytes = File.ReadAllBytes(first);
        File.WriteAllBytes(first, [.. bytes, 0, 0, 7]);

        var e = Assert.Throws<CorruptLogException>(() => TxnLog.Open(dir, Small));
        Assert.Equal((first, (long)bytes.Length), (e.FileName, e.Offset));
    }

    public static TheoryData<string, byte[]> IncompleteLastFiles() => new()
    {
        { "empty", [] },
        { "torn header", "RGL"u8.ToArray() },
        { "header only", Header() },
        { "header and zero fill", [.. Header(), .. new byte[600]] },
        { "torn first record", [.. Header(), 20, 0, 0, 0, 1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(IncompleteLastFiles))]
    public void A_last_file_without_a_complete_record_is_deleted(string kind, byte[] content)
    {
        var dir = _temp.Sub("log");
        var records = MakeRecords(20, seed: 6);
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, records);
        }

        var torn = Path.Combine(dir, $"log.{records[^1].Zxid + 1:x16}");
        File.WriteAllBytes(torn, content);
        var logger = new RecordingLogger();
        using (var log = TxnLog.Open(dir, Small, logger))
        {
            Assert.False(File.Exists(torn), kind);
            Assert.Equal(records[^1].Zxid, log.LastZxid);
            log.Append(records[^1].Zxid + 1, [1, 2, 3]);
            log.Flush();
        }

        using var reopened = TxnLog.Open(dir, Small);
        AssertSame([.. records, new(records[^1].Zxid + 1, new byte[] { 1, 2, 3 })], reopened.ReadFrom(0));
    }

    [Fact]
    public void A_last_file_with_a_bad_header_before_its_records_throws()
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, MakeRecords(5, seed: 6));
        }

        var path = Assert.Single(LogFiles(dir));
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        Assert.Equal(0, Assert.Throws<CorruptLogException>(() => TxnLog.Open(dir, Small)).Offset);
    }

    [Fact]
    public void Append_requires_increasing_zxids_also_after_reopen()
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            log.Append(5, [1]);
            Assert.Throws<ArgumentException>(() => log.Append(5, [1]));
            Assert.Throws<ArgumentException>(() => log.Append(4, [1]));
            log.Append(6, [2]);
            log.Flush();
        }

        using var reopened = TxnLog.Open(dir, Small);
        Assert.Equal(6, reopened.LastZxid);
        Assert.Throws<ArgumentException>(() => reopened.Append(6, [1]));
    }

    [Fact]
    public void Files_whose_zxids_overlap_are_corruption()
    {
        var first = _temp.Sub("first");
        var second = _temp.Sub("second");
        using (var log = TxnLog.Open(first, Small))
        {
            AppendAll(log, MakeRecords(10, seed: 1, firstZxid: 1));
        }

        using (var log = TxnLog.Open(second, Small))
        {
            AppendAll(log, MakeRecords(10, seed: 2, firstZxid: 5));
        }

        var intruder = Path.Combine(first, "log.0000000000000005");
        File.Copy(Path.Combine(second, "log.0000000000000005"), intruder);

        var e = Assert.Throws<CorruptLogException>(() => TxnLog.Open(first, Small));
        Assert.Equal((intruder, (long)FileHeaderSize), (e.FileName, e.Offset));
    }

    [Fact]
    public void A_file_whose_first_record_differs_from_its_name_is_corruption()
    {
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, MakeRecords(3, seed: 1, firstZxid: 16));
        }

        File.Move(Path.Combine(dir, "log.0000000000000010"), Path.Combine(dir, "log.000000000000000f"));

        Assert.Throws<CorruptLogException>(() => TxnLog.Open(dir, Small));
    }

    [Fact]
    public void Append_enforces_MaxRecordBytes_and_rejects_empty_payloads()
    {
        var options = Small with { MaxRecordBytes = 100 };
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, options))
        {
            log.Append(1, new byte[100]);
            Assert.Throws<ArgumentException>(() => log.Append(2, new byte[101]));
            Assert.Throws<ArgumentException>(() => log.Append(2, []));
            Assert.Equal(1, log.LastZxid);
            log.Flush();
        }

        using var reopened = TxnLog.Open(dir, options);
        Assert.Equal(100, Assert.Single(reopened.ReadFrom(0)).Payload.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => TxnLog.Open(dir, options with { MaxRecordBytes = 0 }));
    }

    [Fact]
    public void TruncateAfter_drops_later_records_and_files_durably()
    {
        var records = MakeRecords(150, seed: 9);
        var firstIndexes = FileFirstRecordIndexes(records);
        Assert.True(firstIndexes.Count >= 4, $"{firstIndexes.Count} files");
        long[] targets =
        [
            0, records[0].Zxid, records[1].Zxid, records[70].Zxid, records[70].Zxid + 1, records[^2].Zxid, records[^1].Zxid,
            .. firstIndexes.Skip(1).SelectMany(i => new[] { records[i].Zxid, records[i - 1].Zxid }),
        ];
        foreach (var target in targets.Distinct())
        {
            var dir = _temp.Sub($"truncate-{target}");
            using (var log = TxnLog.Open(dir, Small))
            {
                AppendAll(log, records);
                log.TruncateAfter(target);
                var kept = records.Where(r => r.Zxid <= target).ToList();
                Assert.Equal(kept.Count > 0 ? kept[^1].Zxid : 0, log.LastZxid);
                AssertSame(kept, log.ReadFrom(0));
                Assert.All(LogFiles(dir), f => Assert.True(Convert.ToInt64(Path.GetExtension(f)[1..], 16) <= target));
                log.Append(target + 1, [42]);
                log.Flush();
            }

            var logger = new RecordingLogger();
            using var reopened = TxnLog.Open(dir, Small, logger);
            AssertSame([.. records.Where(r => r.Zxid <= target), new(target + 1, new byte[] { 42 })], reopened.ReadFrom(0));
            Assert.Empty(logger.Warnings);
        }
    }

    [Fact]
    public void TruncateAfter_drops_unflushed_appends_after_the_zxid()
    {
        var records = MakeRecords(30, seed: 10);
        var dir = _temp.Sub("log");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, records.Take(10));
            for (var i = 10; i < 20; i++)
            {
                log.RollOver();
                log.Append(records[i].Zxid, records[i].Payload.Span);
            }

            log.TruncateAfter(records[14].Zxid);
            Assert.Equal(records[14].Zxid, log.LastZxid);
            log.Flush();
            AssertSame(records.Take(15), log.ReadFrom(0));

            foreach (var record in records.Skip(15))
            {
                log.Append(record.Zxid, record.Payload.Span);
            }

            log.TruncateAfter(records[5].Zxid);
            Assert.Equal(records[5].Zxid, log.LastZxid);
        }

        using var reopened = TxnLog.Open(dir, Small);
        AssertSame(records.Take(6), reopened.ReadFrom(0));
    }

    [Fact]
    public void PurgeFilesBefore_keeps_every_file_that_replay_from_the_snapshot_needs()
    {
        var records = MakeRecords(120, seed: 12);
        var firstIndexes = FileFirstRecordIndexes(records);
        Assert.True(firstIndexes.Count >= 4, $"{firstIndexes.Count} files");
        foreach (var snapshotZxid in records.Select(r => r.Zxid).Prepend(0))
        {
            var dir = _temp.Sub($"purge-{snapshotZxid}");
            using (var log = TxnLog.Open(dir, Small))
            {
                AppendAll(log, records);
                var expectedDeleted = Math.Max(0, firstIndexes.Count(i => records[i].Zxid <= snapshotZxid) - 1);
                Assert.Equal(expectedDeleted, log.PurgeFilesBefore(snapshotZxid));
                Assert.Equal(firstIndexes.Count - expectedDeleted, LogFiles(dir).Length);
                AssertSame(records.Where(r => r.Zxid > snapshotZxid), log.ReadFrom(snapshotZxid));
            }

            using var reopened = TxnLog.Open(dir, Small);
            var retained = reopened.ReadFrom(0).ToList();
            Assert.True(snapshotZxid == 0 || retained[0].Zxid <= snapshotZxid, "the log still reaches back to the snapshot");
            AssertSame(records.Where(r => r.Zxid > snapshotZxid), reopened.ReadFrom(snapshotZxid));
        }
    }

    private static List<LogRecord> MakeRecords(int count, int seed, long firstZxid = 1, int maxPayload = 120)
    {
        var random = new Random(seed);
        var records = new List<LogRecord>(count);
        var zxid = firstZxid;
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[random.Next(1, maxPayload + 1)];
            random.NextBytes(payload);
            records.Add(new LogRecord(zxid, payload));
            zxid += random.Next(1, 4);
        }

        return records;
    }

    private static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static byte[] Header() => [.. "RGLG"u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static void AppendAll(TxnLog log, IEnumerable<LogRecord> records)
    {
        foreach (var record in records)
        {
            log.Append(record.Zxid, record.Payload.Span);
        }

        log.Flush();
    }

    private static void AssertSame(IEnumerable<LogRecord> expected, IEnumerable<LogRecord> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.Equal(e.Select(r => r.Zxid), a.Select(r => r.Zxid));
        for (var i = 0; i < e.Count; i++)
        {
            Assert.True(e[i].Payload.Span.SequenceEqual(a[i].Payload.Span), $"payload of zxid {e[i].Zxid}");
        }
    }

    private static string[] LogFiles(string dir) => [.. Directory.GetFiles(dir, "log.*").Order(StringComparer.Ordinal)];

    /// <summary>Writes <paramref name="records"/> into one log file and returns its name and bytes (with zero fill).</summary>
    private (string Name, byte[] Bytes) WriteSingleFile(List<LogRecord> records)
    {
        var dir = _temp.Sub("original");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, records);
        }

        var path = Assert.Single(LogFiles(dir));
        return (Path.GetFileName(path), File.ReadAllBytes(path));
    }

    /// <summary>Index of the first record of each file when <paramref name="records"/> are written with <see cref="Small"/>.</summary>
    private List<int> FileFirstRecordIndexes(List<LogRecord> records)
    {
        var dir = _temp.Sub("layout");
        using (var log = TxnLog.Open(dir, Small))
        {
            AppendAll(log, records);
        }

        var names = LogFiles(dir).Select(Path.GetFileName).ToHashSet();
        Directory.Delete(dir, recursive: true);
        return [.. Enumerable.Range(0, records.Count).Where(i => names.Contains($"log.{records[i].Zxid:x16}"))];
    }

    /// <summary>Record boundaries of a log file, parsed independently of the code under test.</summary>
    private static List<(int Offset, int Size)> RecordLayout(byte[] file)
    {
        var layout = new List<(int Offset, int Size)>();
        var offset = FileHeaderSize;
        while (offset + 4 <= file.Length && BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset)) is var length and > 0)
        {
            layout.Add((offset, RecordOverhead + length));
            offset += RecordOverhead + length;
        }

        return layout;
    }
}
