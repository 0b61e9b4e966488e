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
/// <c>{DataDir}/snapshot/snapshot.*</c>.
/// </summary>
public sealed class TreeDatabase : IDisposable
{
    private readonly SnapshotStore _snapshots;
    private readonly ServerOptions _options;
    private readonly ILogger _logger;

    private TreeDatabase(DataTree tree, TxnLog log, SnapshotStore snapshots, ServerOptions options, ILogger logger)
    {
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
        var snapshots = new SnapshotStore(Path.Combine(options.DataDir, "snapshot"), logger);
        var tree = LoadSnapshot(snapshots, logger);
        var log = TxnLog.Open(Path.Combine(options.DataDir, "log"), new TxnLogOptions { Fsync = options.Fsync }, logger);
        var replayed = 0;
        foreach (var record in log.ReadFrom(tree.LastZxid))
        {
            var (header, txn) = TxnCodec.Read(record.Zxid, record.Payload);
            tree.Apply(header, txn);
            replayed++;
        }

        logger.LogInformation(
            "Recovered {Nodes} nodes and {Sessions} sessions at zxid 0x{Zxid:x} ({Replayed} transactions replayed) in {Elapsed} ms",
            tree.NodeCount, tree.Sessions.Count, tree.LastZxid, replayed, started.ElapsedMilliseconds);
        return new TreeDatabase(tree, log, snapshots, options, logger);
    }

    /// <summary>Writes a captured snapshot durably, then purges what the retention policy no longer needs.</summary>
    internal long WriteSnapshot(TreeSnapshot snapshot)
    {
        var started = Stopwatch.StartNew();
        _snapshots.Write(snapshot.Zxid, snapshot.WriteTo);
        _snapshots.Purge(_options.SnapshotRetainCount);
        _logger.LogInformation("Snapshot of {Nodes} nodes at zxid 0x{Zxid:x} written in {Elapsed} ms", snapshot.NodeCount, snapshot.Zxid, started.ElapsedMilliseconds);
        var retained = _snapshots.List();
        return retained.Count == 0 ? 0 : retained.Min(s => s.Zxid);
    }

    public void Dispose() => Log.Dispose();

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
