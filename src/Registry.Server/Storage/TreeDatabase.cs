using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Tree;
using Registry.Tree.Snapshots;
using Registry.Tree.Txns;
using Registry.Zab.Storage;

namespace Registry.Server.Storage;

/// <summary>
/// The tree together with its durable form. Recovery = newest valid snapshot + replay of every logged
/// transaction after it (ZooKeeper's FileTxnSnapLog.restore). Layout: <c>{DataDir}/log/log.*</c> and
/// <c>{DataDir}/snapshot/snapshot.*</c>. A member of an ensemble loads only the snapshot: the log records after it
/// are not known to be committed until a leader confirms them (see <see cref="Ensemble.ReplicatedPipeline"/>).
/// </summary>
public sealed class TreeDatabase : IDisposable
{
    private readonly DataDirectoryLock _lock;
    private readonly SnapshotStore _snapshots;
    private readonly ServerOptions _options;
    private readonly ILogger _logger;

    private TreeDatabase(DataDirectoryLock directoryLock, DataTree tree, TxnLog log, SnapshotStore snapshots, ServerOptions options, ILogger logger)
    {
        _lock = directoryLock;
        Tree = tree;
        Log = log;
        _snapshots = snapshots;
        _options = options;
        _logger = logger;
    }

    public DataTree Tree { get; }

    internal TxnLog Log { get; }

    public static TreeDatabase Open(ServerOptions options, ILogger logger)
    {
        var started = Stopwatch.StartNew();
        var directoryLock = DataDirectoryLock.Acquire(options.DataDir);
        TxnLog? log = null;
        DataTree tree;
        SnapshotStore snapshots;
        var replayed = 0;
        try
        {
            snapshots = new SnapshotStore(Path.Combine(options.DataDir, "snapshot"), logger);
            tree = LoadSnapshot(snapshots, logger);
            log = TxnLog.Open(Path.Combine(options.DataDir, "log"), new TxnLogOptions { Fsync = options.Fsync }, logger);
            foreach (var record in options.IsEnsemble ? [] : log.ReadFrom(tree.LastZxid))
            {
                var (header, txn) = TxnCodec.Read(record.Zxid, record.Payload);
                tree.Apply(header, txn);
                replayed++;
            }
        }
        catch
        {
            log?.Dispose();
            directoryLock.Dispose();
            throw;
        }

        logger.LogInformation(
            "Recovered {Nodes} nodes and {Sessions} sessions at zxid 0x{Zxid:x} ({Replayed} transactions replayed) in {Elapsed} ms",
            tree.NodeCount, tree.Sessions.Count, tree.LastZxid, replayed, started.ElapsedMilliseconds);
        return new TreeDatabase(directoryLock, tree, log, snapshots, options, logger);
    }

    /// <summary>
    /// Writes a capture begun on the pipeline loop durably, streaming it from the live tree (call off the loop), then
    /// purges what the retention policy no longer needs; returns the oldest retained snapshot's zxid.
    /// </summary>
    internal long WriteSnapshot(SnapshotCapture capture) => WriteSnapshot(capture.Zxid, capture.NodeCount, capture.WriteTo);

    /// <summary><see cref="WriteSnapshot(SnapshotCapture)"/> for a snapshot received from a leader.</summary>
    internal long WriteSnapshot(TreeSnapshot snapshot) => WriteSnapshot(snapshot.Zxid, snapshot.NodeCount, snapshot.WriteTo);

    private long WriteSnapshot(long zxid, int nodes, Action<Stream> writeBody)
    {
        var started = Stopwatch.StartNew();
        _snapshots.Write(zxid, writeBody);
        var retained = _snapshots.Purge(_options.SnapshotRetainCount);
        _logger.LogInformation("Snapshot of {Nodes} nodes at zxid 0x{Zxid:x} written in {Elapsed} ms", nodes, zxid, started.ElapsedMilliseconds);
        return retained.Count == 0 ? 0 : retained[^1].Zxid;
    }

    public void Dispose()
    {
        Log.Dispose();
        _lock.Dispose();
    }

    private static DataTree LoadSnapshot(SnapshotStore snapshots, ILogger logger)
    {
        var latest = snapshots.FindLatestValid();
        if (latest is null)
        {
            return new DataTree();
        }

        using var body = snapshots.OpenBody(latest);
        var tree = DataTree.FromSnapshot(TreeSnapshot.ReadFrom(body));
        logger.LogInformation("Loaded snapshot {Path}", latest.Path);
        return tree;
    }
}
