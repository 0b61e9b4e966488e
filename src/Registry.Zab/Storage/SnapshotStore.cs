using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Registry.Zab.Storage;

/// <summary>
/// Snapshots of the data tree, one file each, in a directory.
/// <para>
/// <b>Files.</b> <c>snapshot.&lt;zxid&gt;</c>, the zxid (16 lower-case hex digits) being the last transaction the
/// body reflects; recovery replays the log after it. Other names in the directory are ignored.
/// </para>
/// <para>
/// <b>Format</b> (all integers little-endian):
/// <code>
/// file    := header body trailer
/// header  := magic "RGSN" (4 bytes) | version int32 = 1 | zxid int64 (equal to the one in the name)
/// body    := bytes written by the caller of <see cref="Write"/> (the serialised tree)
/// trailer := body length int64 | CRC-32C of the body uint32
/// </code>
/// A snapshot is valid when the header matches the name, the trailer's body length matches the file length
/// and the CRC matches the body. A truncated file fails the length check (its last 12 bytes are not a trailer).
/// </para>
/// <para>
/// <b>Writing</b> goes to <c>snapshot.&lt;zxid&gt;.tmp</c>, which is fsynced, renamed over the final name and the
/// directory fsynced, so a snapshot file is either complete or absent after a crash.
/// </para>
/// <para>
/// <b>Threading.</b> <see cref="Write"/> may run on a background thread while the other methods run elsewhere,
/// except <see cref="FindLatestValid"/>, which deletes leftover <c>.tmp</c> files and so is for startup, when no
/// write is in progress. Verifying a snapshot reads its whole body.
/// </para>
/// </summary>
public sealed class SnapshotStore
{
    private const string FilePrefix = "snapshot";
    private const string TempSuffix = ".tmp";
    private const int HeaderSize = 16;
    private const int TrailerSize = 12;
    private const int Version = 1;
    private const int BufferSize = 1 << 16;

    private readonly string _directory;
    private readonly ILogger _logger;

    public SnapshotStore(string directory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        _directory = directory;
        _logger = logger ?? NullLogger.Instance;
    }

    private static ReadOnlySpan<byte> Magic => "RGSN"u8;

    /// <summary>
    /// Writes the snapshot taken at <paramref name="zxid"/>: <paramref name="writeBody"/> writes the body to the
    /// stream it is given (and need not dispose it). When this returns, the snapshot is durable. A snapshot
    /// with the same zxid is replaced.
    /// </summary>
    public void Write(long zxid, Action<Stream> writeBody)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zxid);
        ArgumentNullException.ThrowIfNull(writeBody);
        var path = Path.Combine(_directory, ZxidFileName.Format(FilePrefix, zxid));
        var tempPath = path + TempSuffix;
        try
        {
            using (var file = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
            {
                Span<byte> header = stackalloc byte[HeaderSize];
                Magic.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], Version);
                BinaryPrimitives.WriteInt64LittleEndian(header[8..], zxid);
                file.Write(header);

                var body = new CrcWriteStream(file);
                writeBody(body);

                Span<byte> trailer = stackalloc byte[TrailerSize];
                BinaryPrimitives.WriteInt64LittleEndian(trailer, body.BytesWritten);
                BinaryPrimitives.WriteUInt32LittleEndian(trailer[8..], body.Crc);
                file.Write(trailer);
                file.Flush(flushToDisk: true);
            }

            File.Move(tempPath, path, overwrite: true);
            FileSync.SyncDirectory(_directory);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// The newest snapshot that verifies, or null. Invalid snapshots are logged and skipped, never deleted;
    /// leftover <c>.tmp</c> files of interrupted writes are deleted.
    /// </summary>
    public SnapshotInfo? FindLatestValid()
    {
        foreach (var temp in Directory.EnumerateFiles(_directory, FilePrefix + ".*" + TempSuffix))
        {
            _logger.LogInformation("Deleting {File}, left by an interrupted snapshot write", temp);
            File.Delete(temp);
        }

        return EnumerateValid().FirstOrDefault();
    }

    /// <summary>A read stream over the body of <paramref name="snapshot"/>, which the caller disposes.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the store's instance API; it reads this store's files.")]
    public Stream OpenBody(SnapshotInfo snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var file = new FileStream(snapshot.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        file.Position = HeaderSize;
        return new SnapshotBodyStream(file, snapshot.BodyLength);
    }

    /// <summary>
    /// Keeps the newest <paramref name="retainCount"/> valid snapshots and deletes every snapshot file older
    /// than the oldest of them; invalid ones among the newest are left for inspection. Returns the kept valid
    /// snapshots, newest first (so a caller needs no second verifying pass to learn what replay can start from).
    /// </summary>
    public IReadOnlyList<SnapshotInfo> Purge(int retainCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retainCount, 1);
        var kept = new List<SnapshotInfo>(retainCount);
        foreach (var (zxid, path) in Candidates())
        {
            if (kept.Count == retainCount)
            {
                File.Delete(path);
            }
            else if (Verify(zxid, path) is { } snapshot)
            {
                kept.Add(snapshot);
            }
        }

        return kept;
    }

    /// <summary>Every valid snapshot, newest first.</summary>
    public IReadOnlyList<SnapshotInfo> List() => EnumerateValid().ToList();

    private IEnumerable<SnapshotInfo> EnumerateValid()
    {
        foreach (var (zxid, path) in Candidates())
        {
            if (Verify(zxid, path) is { } snapshot)
            {
                yield return snapshot;
            }
        }
    }

    /// <summary>Snapshot files by name, newest first.</summary>
    private List<(long Zxid, string Path)> Candidates()
    {
        var found = new List<(long Zxid, string Path)>();
        foreach (var path in Directory.EnumerateFiles(_directory, FilePrefix + ".*"))
        {
            if (ZxidFileName.TryParse(Path.GetFileName(path), FilePrefix, out var zxid))
            {
                found.Add((zxid, path));
            }
        }

        found.Sort((a, b) => b.Zxid.CompareTo(a.Zxid));
        return found;
    }

    private SnapshotInfo? Verify(long zxid, string path)
    {
        var problem = Check(zxid, path, out var bodyLength);
        if (problem is null)
        {
            return new SnapshotInfo(zxid, path, bodyLength);
        }

        _logger.LogWarning("Skipping invalid snapshot {File}: {Problem}", path, problem);
        return null;
    }

    private static string? Check(long zxid, string path, out long bodyLength)
    {
        bodyLength = 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        if (file.Length < HeaderSize + TrailerSize)
        {
            return $"{file.Length} bytes is too short";
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        file.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Version)
        {
            return "wrong magic or version";
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(header[8..]) != zxid)
        {
            return "the zxid in the header differs from the file name";
        }

        Span<byte> trailer = stackalloc byte[TrailerSize];
        file.Position = file.Length - TrailerSize;
        file.ReadExactly(trailer);
        bodyLength = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        if (bodyLength != file.Length - HeaderSize - TrailerSize)
        {
            return "the file length does not match the trailer (truncated or no trailer)";
        }

        file.Position = HeaderSize;
        var chunk = new byte[BufferSize];
        uint crc = 0;
        for (var remaining = bodyLength; remaining > 0;)
        {
            var n = (int)Math.Min(chunk.Length, remaining);
            file.ReadExactly(chunk, 0, n);
            crc = Crc32C.Append(crc, chunk.AsSpan(0, n));
            remaining -= n;
        }

        return crc == BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]) ? null : "checksum mismatch";
    }
}
