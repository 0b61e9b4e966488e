using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Registry.Zab.Storage;

/// <summary>
/// The append-only transaction log: every proposal is appended here and made durable before it is acked.
/// <para>
/// <b>Files.</b> A directory of files named <c>log.&lt;zxid&gt;</c>, the zxid (16 lower-case hex digits) being that
/// of the first record in the file. Other names in the directory are ignored. Every file holds at least one
/// record, and zxids increase strictly across records and files. A new file is started by <see cref="RollOver"/>
/// and when a record would take the file past <see cref="TxnLogOptions.RollOverBytes"/>.
/// </para>
/// <para>
/// <b>Format</b> (all integers little-endian):
/// <code>
/// file   := header record* zero-fill
/// header := magic "RGLG" (4 bytes) | version int32 = 1 | reserved int64 = 0
/// record := length int32 (payload bytes, &gt; 0) | crc uint32 | zxid int64 | payload | end marker byte 0x42
/// </code>
/// <c>crc</c> is the CRC-32C of the 8 zxid bytes followed by the payload. A zero length where a record would
/// start ends the data. The file grows by writing zeros in chunks of
/// <see cref="TxnLogOptions.PreallocateBytes"/>, so that a flush inside a chunk changes no file size or block
/// allocation and its <c>fdatasync</c> writes data blocks only; a file that is no longer appended to is
/// trimmed to its data.
/// </para>
/// <para>
/// <b>Recovery</b> (<see cref="Open"/>). Every file is read and checked. In the last file, the first record
/// that is invalid (bad checksum or end marker, negative length, length past the end of the file) and
/// everything after it is a torn write that was never acknowledged: it is cut, and the bytes of the cut region
/// are zeroed so that a later append of a different length cannot make stale records after it readable again.
/// Non-zero bytes after the end of data count as such a tail as well, since sectors of one write may reach the
/// disk in any order. The same damage in an earlier file, zxids that do not increase, or a file whose first
/// record differs from its name throw <see cref="CorruptLogException"/>: records after them were durable.
/// A new file's header is synced before any record is written to it, so a last file whose header is bad but
/// has nothing after the header is a torn creation and is deleted; with anything after it, it is corruption.
/// </para>
/// <para>
/// <b>Threading.</b> Not thread-safe. One writer thread calls <see cref="Append"/> and <see cref="Flush"/>
/// (and the other mutators); <see cref="ReadFrom"/> is for that same thread, at startup or during ZAB
/// synchronisation, and its result must be consumed before the log is changed again.
/// </para>
/// <para>
/// <b>Failures.</b> After a write or sync fails, what the disk holds is unknown (the page cache may have
/// dropped the dirty pages), so every later call throws <see cref="InvalidOperationException"/>: reopen the
/// log, which recovers from what actually reached the disk.
/// </para>
/// </summary>
public sealed class TxnLog : IDisposable
{
    private const string FilePrefix = "log";
    private static readonly byte[] Zeros = new byte[256 * 1024];

    private readonly string _directory;
    private readonly TxnLogOptions _options;
    private readonly ILogger _logger;
    private readonly List<LogFile> _files = [];
    private readonly List<NewFileStart> _newFileStarts = [];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _buffered;
    private SafeFileHandle? _tail;
    private long _allocatedEnd;
    private long _durableZxid;
    private bool _rollOverRequested;
    private bool _faulted;
    private bool _disposed;

    private TxnLog(string directory, TxnLogOptions options, ILogger logger)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
    }

    /// <summary>The zxid of the last appended record, flushed or not; 0 when the log is empty.</summary>
    public long LastZxid { get; private set; }

    /// <summary>Opens (creating if needed) the log in <paramref name="directory"/> and recovers it; see the class remarks.</summary>
    /// <exception cref="CorruptLogException">The log is damaged where cutting would lose durable records.</exception>
    public static TxnLog Open(string directory, TxnLogOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(directory);
        var log = new TxnLog(directory, options, logger ?? NullLogger.Instance);
        try
        {
            log.Recover();
        }
        catch
        {
            log.Dispose();
            throw;
        }

        return log;
    }

    /// <summary>
    /// Buffers a record in memory; it is written and made durable by the next <see cref="Flush"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="zxid"/> is not greater than <see cref="LastZxid"/>, or the
    /// payload is empty (a zero length marks the end of data) or longer than <see cref="TxnLogOptions.MaxRecordBytes"/>.</exception>
    public void Append(long zxid, ReadOnlySpan<byte> payload)
    {
        ThrowIfUnusable();
        if (zxid <= LastZxid)
        {
            throw new ArgumentException($"zxid 0x{zxid:x} is not greater than the last zxid 0x{LastZxid:x}.", nameof(zxid));
        }

        if (payload.IsEmpty || payload.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentException($"The payload has {payload.Length} bytes; it must have 1 to {_options.MaxRecordBytes}.", nameof(payload));
        }

        var size = LogFormat.RecordOverhead + payload.Length;
        var tailFileBytes = TailFileBytes();
        if (_rollOverRequested || tailFileBytes < 0
            || (tailFileBytes > LogFormat.FileHeaderSize && tailFileBytes + size > _options.RollOverBytes))
        {
            _newFileStarts.Add(new NewFileStart(_buffered, zxid));
            _rollOverRequested = false;
        }

        EnsureBufferCapacity(size);
        LogFormat.WriteRecord(_buffer.AsSpan(_buffered, size), zxid, payload);
        _buffered += size;
        LastZxid = zxid;
    }

    /// <summary>
    /// Writes every record appended since the last flush with one write and makes them durable with one
    /// <c>fdatasync</c> (one more write and sync per file started in between). When it returns, the records
    /// survive a crash or power loss.
    /// </summary>
    public void Flush()
    {
        ThrowIfUnusable();
        if (_buffered == 0)
        {
            return;
        }

        try
        {
            var start = 0;
            foreach (var next in _newFileStarts)
            {
                // The previous file's records are durable before the next file exists, so a torn write can
                // only ever be in the last file.
                WriteToTail(start, next.Offset);
                StartFile(next.FirstZxid);
                start = next.Offset;
            }

            WriteToTail(start, _buffered);
        }
        catch
        {
            _faulted = true;
            throw;
        }

        _buffered = 0;
        _newFileStarts.Clear();
        _durableZxid = LastZxid;
    }

    /// <summary>
    /// Every durable (flushed) record with a zxid greater than <paramref name="afterZxid"/>, in zxid order,
    /// read lazily across files. Each payload is a fresh array.
    /// </summary>
    /// <exception cref="CorruptLogException">(While enumerating) a record changed on disk since it was validated.</exception>
    public IEnumerable<LogRecord> ReadFrom(long afterZxid)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var files = _files.ToArray();
        return Read(files, Math.Max(0, LastFileStartingAtOrBefore(files, afterZxid)), afterZxid);

        static IEnumerable<LogRecord> Read(LogFile[] files, int first, long afterZxid)
        {
            for (var i = first; i < files.Length; i++)
            {
                using var reader = LogFileReader.OpenValidated(files[i].Path, files[i].DataEnd);
                while (reader.NextValidated())
                {
                    if (reader.Zxid > afterZxid)
                    {
                        yield return new LogRecord(reader.Zxid, reader.Payload.ToArray());
                    }
                }
            }
        }
    }

    /// <summary>Makes the next <see cref="Append"/> start a new file (called after a snapshot, so old files can be purged).</summary>
    public void RollOver()
    {
        ThrowIfUnusable();
        _rollOverRequested = true;
    }

    /// <summary>
    /// Drops every record, buffered or durable, with a zxid greater than <paramref name="zxid"/> (ZAB's TRUNC),
    /// durably. Files are deleted newest first, so a crash part-way leaves a prefix of the log.
    /// </summary>
    public void TruncateAfter(long zxid)
    {
        ThrowIfUnusable();
        DropBufferedAfter(zxid);
        if (zxid >= _durableZxid)
        {
            return;
        }

        // Every buffered record had a zxid above the durable ones, so the buffer is empty now.
        try
        {
            var keep = LastFileStartingAtOrBefore(_files, zxid);
            for (var i = _files.Count - 1; i > keep; i--)
            {
                if (i == _files.Count - 1)
                {
                    _tail?.Dispose();
                    _tail = null;
                }

                File.Delete(_files[i].Path);
                _files.RemoveAt(i);
            }

            SyncDirectory();
            if (keep < 0)
            {
                _durableZxid = LastZxid = 0;
                return;
            }

            var file = _files[keep];
            var (cut, lastKept) = FindCut(file, zxid);
            _tail ??= File.OpenHandle(file.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            _allocatedEnd = RandomAccess.GetLength(_tail);
            if (cut < file.DataEnd)
            {
                ZeroFill(_tail, cut, file.DataEnd - cut);
                Sync(_tail);
                _files[keep] = file with { DataEnd = cut };
            }

            _durableZxid = LastZxid = lastKept;
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>
    /// Deletes the files that replay from a snapshot at <paramref name="snapshotZxid"/> does not need: all files
    /// before the newest one whose first zxid is &lt;= <paramref name="snapshotZxid"/> (that one may hold records
    /// after the snapshot, and holds the snapshot's own zxid or its predecessor). Returns how many were deleted.
    /// </summary>
    public int PurgeFilesBefore(long snapshotZxid)
    {
        ThrowIfUnusable();
        var keep = LastFileStartingAtOrBefore(_files, snapshotZxid);
        var deleted = 0;
        // Oldest first and without a directory sync: a deleted file that comes back after a crash is still a
        // valid prefix of the log and is purged again.
        for (; deleted < keep; deleted++)
        {
            File.Delete(_files[0].Path);
            _files.RemoveAt(0);
        }

        return deleted;
    }

    /// <summary>Closes the log. Records appended but not flushed are lost, as in a crash.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _tail?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Recover()
    {
        var found = new List<(long Zxid, string Path)>();
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (ZxidFileName.TryParse(Path.GetFileName(path), FilePrefix, out var zxid))
            {
                found.Add((zxid, path));
            }
        }

        found.Sort();
        long lastZxid = 0, tornEnd = 0;
        for (var i = 0; i < found.Count; i++)
        {
            var (nameZxid, path) = found[i];
            var isLast = i == found.Count - 1;
            using var reader = new LogFileReader(path);
            var status = reader.ReadFileHeader() ? reader.Next() : LogReadStatus.Invalid;
            var records = 0;
            for (; status == LogReadStatus.Record; status = reader.Next())
            {
                if (reader.Zxid <= lastZxid)
                {
                    throw new CorruptLogException(path, reader.RecordStart, $"zxid 0x{reader.Zxid:x} does not follow 0x{lastZxid:x}");
                }

                if (records++ == 0 && reader.Zxid != nameZxid)
                {
                    throw new CorruptLogException(path, reader.RecordStart, $"the first zxid 0x{reader.Zxid:x} differs from the file name");
                }

                lastZxid = reader.Zxid;
            }

            var dataEnd = reader.Position;
            var nonZeroEnd = reader.NonZeroEnd(dataEnd);
            if (status == LogReadStatus.Invalid || nonZeroEnd > dataEnd)
            {
                var problem = status == LogReadStatus.Invalid ? reader.Problem : "non-zero bytes after the end of data";
                var badHeaderWithData = dataEnd == 0 && nonZeroEnd > LogFormat.FileHeaderSize;
                if (!isLast || badHeaderWithData)
                {
                    throw new CorruptLogException(path, dataEnd, problem);
                }

                _logger.LogWarning(
                    "Cut the torn tail of transaction log {File} at offset {Offset}: dropped {Bytes} bytes ({Problem})",
                    path, dataEnd, nonZeroEnd - dataEnd, problem);
                tornEnd = nonZeroEnd;
            }

            if (records == 0)
            {
                if (!isLast)
                {
                    throw new CorruptLogException(path, dataEnd, "the file holds no record");
                }

                reader.Dispose();
                File.Delete(path);
                tornEnd = 0;
                SyncDirectory();
                _logger.LogWarning("Deleted transaction log {File}, which held no complete record", path);
                break;
            }

            _files.Add(new LogFile(path, nameZxid, dataEnd));
        }

        _durableZxid = LastZxid = lastZxid;
        if (_files.Count == 0)
        {
            return;
        }

        var tail = _files[^1];
        _tail = File.OpenHandle(tail.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        _allocatedEnd = RandomAccess.GetLength(_tail);
        if (tornEnd > tail.DataEnd)
        {
            ZeroFill(_tail, tail.DataEnd, tornEnd - tail.DataEnd);
            Sync(_tail);
        }
    }

    /// <summary>Size the file receiving the next record will have once the buffer is written; -1 if that file is yet to be started.</summary>
    private long TailFileBytes() =>
        _newFileStarts.Count > 0 ? LogFormat.FileHeaderSize + _buffered - _newFileStarts[^1].Offset
        : _files.Count > 0 ? _files[^1].DataEnd + _buffered
        : -1;

    private void EnsureBufferCapacity(int size)
    {
        var needed = (long)_buffered + size;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("Too many bytes appended without a flush.");
        }

        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, 2L * _buffer.Length), Array.MaxLength));
        _buffer.AsSpan(0, _buffered).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void WriteToTail(int start, int end)
    {
        if (start == end)
        {
            return;
        }

        var file = _files[^1];
        RandomAccess.Write(_tail!, _buffer.AsSpan(start, end - start), file.DataEnd);
        var dataEnd = file.DataEnd + end - start;
        if (dataEnd > _allocatedEnd)
        {
            Preallocate(dataEnd);
        }

        Sync(_tail!);
        _files[^1] = file with { DataEnd = dataEnd };
    }

    private void Preallocate(long dataEnd)
    {
        var chunk = _options.PreallocateBytes;
        var allocatedEnd = chunk == 0 ? dataEnd : _allocatedEnd + ((dataEnd - _allocatedEnd + chunk - 1) / chunk * chunk);
        ZeroFill(_tail!, dataEnd, allocatedEnd - dataEnd);
        _allocatedEnd = allocatedEnd;
    }

    private void StartFile(long firstZxid)
    {
        if (_tail is not null)
        {
            // The zero fill only serves appends; a file that is no longer appended to keeps just its data.
            RandomAccess.SetLength(_tail, _files[^1].DataEnd);
            _tail.Dispose();
            _tail = null;
        }

        var path = Path.Combine(_directory, ZxidFileName.Format(FilePrefix, firstZxid));
        _tail = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        Span<byte> header = stackalloc byte[LogFormat.FileHeaderSize];
        LogFormat.WriteFileHeader(header);
        RandomAccess.Write(_tail, header, 0);
        Sync(_tail);
        SyncDirectory();
        _files.Add(new LogFile(path, firstZxid, header.Length));
        _allocatedEnd = header.Length;
    }

    private void DropBufferedAfter(long zxid)
    {
        var keptEnd = 0;
        var keptZxid = _durableZxid;
        while (keptEnd < _buffered)
        {
            var record = _buffer.AsSpan(keptEnd);
            var recordZxid = BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
            if (recordZxid > zxid)
            {
                break;
            }

            keptZxid = recordZxid;
            keptEnd += LogFormat.RecordOverhead + BinaryPrimitives.ReadInt32LittleEndian(record);
        }

        _buffered = keptEnd;
        _newFileStarts.RemoveAll(start => start.Offset >= keptEnd);
        LastZxid = keptZxid;
    }

    private static (long Cut, long LastKept) FindCut(LogFile file, long zxid)
    {
        using var reader = LogFileReader.OpenValidated(file.Path, file.DataEnd);
        long lastKept = 0;
        while (reader.NextValidated())
        {
            if (reader.Zxid > zxid)
            {
                return (reader.RecordStart, lastKept);
            }

            lastKept = reader.Zxid;
        }

        return (file.DataEnd, lastKept);
    }

    /// <summary>Index of the newest file whose first zxid is &lt;= <paramref name="zxid"/>, or -1.</summary>
    private static int LastFileStartingAtOrBefore(IReadOnlyList<LogFile> files, long zxid)
    {
        var i = files.Count - 1;
        while (i >= 0 && files[i].FirstZxid > zxid)
        {
            i--;
        }

        return i;
    }

    private static void ZeroFill(SafeFileHandle file, long offset, long count)
    {
        while (count > 0)
        {
            var n = (int)Math.Min(count, Zeros.Length);
            RandomAccess.Write(file, Zeros.AsSpan(0, n), offset);
            offset += n;
            count -= n;
        }
    }

    private void Sync(SafeFileHandle file)
    {
        if (_options.Fsync)
        {
            FileSync.DataSync(file);
        }
    }

    private void SyncDirectory()
    {
        if (_options.Fsync)
        {
            FileSync.SyncDirectory(_directory);
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted)
        {
            throw new InvalidOperationException("An earlier write or sync of the transaction log failed; reopen it to recover.");
        }
    }

    /// <param name="DataEnd">Offset just past the last durable record.</param>
    private readonly record struct LogFile(string Path, long FirstZxid, long DataEnd);

    /// <summary>A record at <paramref name="Offset"/> in the append buffer that goes first in a new file.</summary>
    private readonly record struct NewFileStart(int Offset, long FirstZxid);
}
