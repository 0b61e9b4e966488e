using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Snapshots;
using Registry.Tree.Txns;

namespace Registry.Server.Pipeline;

/// <summary>
/// The apply stage shared by the standalone and the replicated pipeline: applies a committed transaction to the
/// tree, tells every observer in zxid order, and takes a snapshot in the background every so many transactions.
/// Called by the one loop that owns the tree.
/// </summary>
internal sealed class StateApplier
{
    private readonly TreeDatabase _database;
    private readonly IApplyObserver[] _observers;
    private readonly GroupCommitLog _log;
    private readonly ServerOptions _options;
    private readonly ILogger _logger;
    private readonly Random _random;
    private long _txnsSinceSnapshot;
    private long _snapshotThreshold;
    private Task _snapshotTask = Task.CompletedTask;

    public StateApplier(TreeDatabase database, IReadOnlyList<IApplyObserver> observers, GroupCommitLog log, ServerOptions options, ILogger logger)
    {
        _database = database;
        _observers = [.. observers];
        _log = log;
        _options = options;
        _logger = logger;
        _random = new Random(options.ServerId);
        _snapshotThreshold = NextSnapshotThreshold();
    }

    public DataTree Tree => _database.Tree;

    public ApplyResult Apply(TxnHeader header, Txn txn)
    {
        var applied = _database.Tree.Apply(header, txn);
        foreach (var observer in _observers)
        {
            observer.OnApplied(applied);
        }

        MaybeSnapshot();
        return applied;
    }

    /// <summary>Replaces the state with a snapshot from the leader and tells the observers what it changed.</summary>
    public ApplyResult Install(TreeSnapshot snapshot)
    {
        var installed = _database.Tree.InstallSnapshot(snapshot);
        foreach (var observer in _observers)
        {
            observer.OnApplied(installed);
        }

        _txnsSinceSnapshot = 0;
        return installed;
    }

    /// <summary>Waits for a snapshot being written.</summary>
    public Task DrainAsync() => _snapshotTask;

    private void MaybeSnapshot()
    {
        if (++_txnsSinceSnapshot >= _snapshotThreshold && _snapshotTask.IsCompleted)
        {
            StartSnapshot();
        }
    }

    /// <summary>A method of its own: the lambdas' captured state would otherwise be allocated on every transaction.</summary>
    private void StartSnapshot()
    {
        _txnsSinceSnapshot = 0;
        _snapshotThreshold = NextSnapshotThreshold();
        var capture = _database.Tree.BeginSnapshot();
        _log.Enqueue(log => log.RollOver());
        _snapshotTask = Task.Run(() =>
        {
            try
            {
                var oldestRetained = _database.WriteSnapshot(capture);
                _log.Enqueue(log => log.PurgeFilesBefore(oldestRetained));
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Snapshot at zxid 0x{Zxid:x} failed; the log still holds every transaction", capture.Zxid);
            }
        });
    }

    /// <summary>Like ZooKeeper's randRoll: servers of an ensemble do not all snapshot at the same moment.</summary>
    private long NextSnapshotThreshold() => (_options.SnapshotEvery / 2) + _random.NextInt64((_options.SnapshotEvery / 2) + 1);
}
