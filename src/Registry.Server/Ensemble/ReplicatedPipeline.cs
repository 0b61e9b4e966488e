using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Registry.Server.Ensemble.Configuration;
using Registry.Server.Ensemble.Replication;
using Registry.Server.Ensemble.Status;
using Registry.Server.Ensemble.Transport;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Sessions;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Prepare;
using Registry.Zab.Protocol;
using Registry.Zab.Storage;

namespace Registry.Server.Ensemble;

/// <summary>
/// The write path of an ensemble member and the I/O shell of its <see cref="ZabNode"/>: one loop owns the node,
/// the tree, the preparer and the peer links, and takes its inputs from a channel (ticks from the injected clock,
/// peer frames and link changes, fsync completions, client writes and syncs). After every input it carries out the
/// node's actions strictly in order (see src/Registry.Zab/Protocol/README.md). It never waits on the network: sends
/// go to per-peer queues, and appends to the group-commit log; only the rare epoch and truncation writes, which the
/// protocol requires to be durable before any later action, are awaited (asynchronously, off the loop thread).
/// Every write, on any server, is forwarded to the leader, prepared there, replicated, and answered by the server
/// that took it once it applies the resulting transaction (or the replicated error).
/// </summary>
public sealed partial class ReplicatedPipeline : IWritePipeline, ISessionAuthority, IReplicationStatus, IAsyncDisposable
{
    private readonly TreeDatabase _database;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplicatedPipeline> _logger;
    private readonly PeerList _peers;
    private readonly HashSet<long> _peerIds;
    private readonly ZabNode _node;
    private readonly RequestPreparer _preparer;
    private readonly GroupCommitLog _log;
    private readonly StateApplier _applier;
    private readonly EpochFile _acceptedEpoch;
    private readonly EpochFile _currentEpoch;
    private readonly PeerTransport _transport;
    private readonly Channel<Input> _inbox = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, byte> _touched = new();

    // Owned by the loop.
    private readonly Dictionary<long, TaskCompletionSource<WriteResult>> _pendingWrites = [];
    private readonly Dictionary<long, TaskCompletionSource> _pendingSyncs = [];
    private long _nextRequestId;
    private ZabStatus _status;

    private ITimer? _ticker;
    private Task _loop = Task.CompletedTask;
    private int _pendingCount;
    private int _disposed;
    private volatile bool _active;
    private volatile bool _leading;
    private volatile bool _stopping;
    private volatile Exception? _failure;

    public ReplicatedPipeline(TreeDatabase database, IEnumerable<IApplyObserver> observers, TimeProvider time, ServerOptions options, ILogger<ReplicatedPipeline> logger)
    {
        _database = database;
        _options = options;
        _time = time;
        _logger = logger;
        _peers = options.PeerList();
        _peerIds = [.. _peers.Entries.Select(e => (long)e.Id)];
        _preparer = new RequestPreparer(database.Tree, options.PreparerOptions());
        _log = new GroupCommitLog(database.Log, zxid => _inbox.Writer.TryWrite(new LogSynced(zxid)), e => _inbox.Writer.TryWrite(new LogFailed(e)), logger);
        _applier = new StateApplier(database, [.. observers], _log, options, logger);
        _acceptedEpoch = new EpochFile(options.DataDir, "acceptedEpoch");
        _currentEpoch = new EpochFile(options.DataDir, "currentEpoch");

        // Request numbers start from the clock so that a restarted server never takes a transaction of its previous
        // life, applied again while it catches up, for the answer to a new request.
        _nextRequestId = time.GetUtcNow().ToUnixTimeMilliseconds() << 16;
        _node = new ZabNode(
            new ZabOptions
            {
                ServerId = options.ServerId,
                Peers = [.. _peers.Entries.Select(e => new ZabPeer(e.Id, e.IsObserver))],
                InitLimitTicks = options.InitLimit,
                SyncLimitTicks = options.SyncLimit,
                RandomSeed = options.ServerId,
            },
            Recover());
        _status = _node.Status;
        if (string.IsNullOrEmpty(options.SessionSecret))
        {
            logger.LogWarning("Registry:SessionSecret is not set: ZooKeeper clients cannot resume their sessions on another server of the ensemble; set the same secret on every server");
        }

        _transport = new PeerTransport(_peers, options.ServerId, new LoopSink(_inbox.Writer), time, logger);
        InitPeerStatus();
    }

    public DataTree Tree => _database.Tree;

    public int PendingWrites => Volatile.Read(ref _pendingCount);

    /// <summary>Starts listening for and dialing peers, the tick timer and the loop.</summary>
    public void Start()
    {
        _transport.Start();
        _loop = Task.Run(RunAsync);
        var tick = TimeSpan.FromMilliseconds(_options.TickTimeMs);
        _ticker = _time.CreateTimer(_ => _inbox.Writer.TryWrite(Tick.Instance), null, tick, tick);
    }

    public Task<WriteResult> SubmitAsync(RequestContext context, WriteOp op)
    {
        if (Refusal() is { } refused)
        {
            return Task.FromResult(refused);
        }

        if (Interlocked.Increment(ref _pendingCount) > _options.MaxPendingWrites)
        {
            Interlocked.Decrement(ref _pendingCount);
            return Task.FromResult(WriteResult.Failed(ErrorCode.ThrottledOp, $"more than {_options.MaxPendingWrites} writes are pending; retry later"));
        }

        var completion = new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new Submit(context, op, completion)))
        {
            Interlocked.Decrement(ref _pendingCount);
            return Task.FromResult(ShuttingDown);
        }

        return completion.Task;
    }

    /// <summary>ZooKeeper's sync through the leader; fails with ConnectionLoss while this server has no leader.</summary>
    public Task SyncAsync()
    {
        if (Refusal() is { } refused)
        {
            return Task.FromException(new KeeperException(refused.Error, refused.Message!));
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _inbox.Writer.TryWrite(new Sync(completion)) ? completion.Task : Task.FromException(new KeeperException(ErrorCode.ConnectionLoss, "the server is shutting down"));
    }

    /// <summary>Idempotent: the container disposes this instance once per interface it is registered under.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        if (_ticker is not null)
        {
            await _ticker.DisposeAsync();
        }

        await _transport.DisposeAsync();
        _inbox.Writer.TryComplete();
        await _loop;
        FailPending("the server is shutting down");
        _log.Dispose();
        await _applier.DrainAsync();
    }

    private static WriteResult ShuttingDown => WriteResult.Failed(ErrorCode.ConnectionLoss, "the server is shutting down");

    /// <summary>Writes fail fast (retryable) rather than wait while there is no leader.</summary>
    private WriteResult? Refusal()
    {
        if (_stopping)
        {
            return ShuttingDown;
        }

        if (_failure is { } failure)
        {
            return WriteResult.Failed(ErrorCode.SystemError, $"the server stopped replicating: {failure.Message}");
        }

        return _active ? null : WriteResult.Failed(ErrorCode.ConnectionLoss, "this server is not in a quorum with a leader; retry shortly");
    }

    /// <summary>Builds the core's recovered state: the snapshot the tree was loaded from, the epochs and the log after it.</summary>
    private ZabRecoveredState Recover()
    {
        var snapshotZxid = _database.Tree.LastZxid;
        var log = _database.Log.ReadFrom(snapshotZxid).Select(r => new LogEntry(r.Zxid, r.Payload)).ToList();
        foreach (var entry in log)
        {
            try
            {
                ReplicatedTxn.Decode(entry.Zxid, entry.Payload);
            }
            catch (InvalidDataException e)
            {
                throw new IOException(
                    $"log record {Zxid.Format(entry.Zxid)} in {_options.DataDir} is not an ensemble transaction ({e.Message}); a standalone data directory cannot join an ensemble",
                    e);
            }
        }

        var accepted = _acceptedEpoch.Read();
        var current = _currentEpoch.Read();
        if (accepted < current)
        {
            throw new InvalidDataException($"acceptedEpoch {accepted} is below currentEpoch {current} in {_options.DataDir}");
        }

        _logger.LogInformation(
            "Ensemble member {Id}: snapshot at {Snapshot}, {Count} logged proposals after it, acceptedEpoch {Accepted}, currentEpoch {Current}",
            _options.ServerId, Zxid.Format(snapshotZxid), log.Count, accepted, current);
        return new ZabRecoveredState(accepted, current, snapshotZxid, log);
    }

    private async Task RunAsync()
    {
        try
        {
            await ProcessAsync();
            PublishStatus(refresh: true);
            var reader = _inbox.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var input))
                {
                    await HandleAsync(input);
                    await ProcessAsync();
                    PublishStatus(refresh: input is Tick);
                }
            }
        }
        catch (Exception e)
        {
            // The node cannot go on without its log or state machine; peers elect without it.
            _logger.LogCritical(e, "Replication stopped; this server no longer takes part in the ensemble");
            _failure = e;
            _active = false;
            _leading = false;
            FailPending($"replication stopped: {e.Message}");
        }
    }

    private async Task HandleAsync(Input input)
    {
        switch (input)
        {
            case Tick:
                ForwardTouches();
                _node.Tick();
                break;
            case Submit submit:
                Forward(submit);
                break;
            case Sync sync:
                RequestSync(sync.Completion);
                break;
            case PeerUp up:
                OnPeerUp(up.Peer, up.Connection);
                break;
            case PeerFrame frame:
                await OnFrameAsync(frame.Peer, frame.Connection, frame.Frame);
                break;
            case PeerDown down:
                OnPeerDown(down.Peer, down.Connection);
                break;
            case LogSynced synced:
                _node.LogDurable(synced.Zxid);
                break;
            case LogFailed failed:
                throw new IOException($"the transaction log failed: {failed.Error.Message}", failed.Error);
        }
    }

    private void Forward(Submit submit)
    {
        if (Refusal() is { } refused)
        {
            Finish(submit.Completion, refused);
            return;
        }

        var requestId = ++_nextRequestId;
        _pendingWrites[requestId] = submit.Completion;
        if (!_node.Forward(new ForwardedWrite(_options.ServerId, requestId, submit.Context, submit.Op).Encode()))
        {
            _pendingWrites.Remove(requestId);
            Finish(submit.Completion, WriteResult.Failed(ErrorCode.ConnectionLoss, "this server lost its leader; retry shortly"));
        }
    }

    private void RequestSync(TaskCompletionSource completion)
    {
        var id = ++_nextRequestId;
        _pendingSyncs[id] = completion;
        if (!_node.RequestSync(id))
        {
            _pendingSyncs.Remove(id);
            completion.TrySetException(new KeeperException(ErrorCode.ConnectionLoss, "this server lost its leader; retry shortly"));
        }
    }

    private void Finish(TaskCompletionSource<WriteResult> completion, WriteResult result)
    {
        Interlocked.Decrement(ref _pendingCount);
        completion.TrySetResult(result);
    }

    /// <summary>Answers every waiting client with ConnectionLoss: the outcome of its write is unknown (as in ZooKeeper).</summary>
    private void FailPending(string why)
    {
        foreach (var completion in _pendingWrites.Values)
        {
            Finish(completion, WriteResult.Failed(ErrorCode.ConnectionLoss, $"{why}; the write may or may not have been applied"));
        }

        foreach (var completion in _pendingSyncs.Values)
        {
            completion.TrySetException(new KeeperException(ErrorCode.ConnectionLoss, why));
        }

        _pendingWrites.Clear();
        _pendingSyncs.Clear();
    }

    private abstract record Input;

    private sealed record Tick : Input
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Submit(RequestContext Context, WriteOp Op, TaskCompletionSource<WriteResult> Completion) : Input;

    private sealed record Sync(TaskCompletionSource Completion) : Input;

    private sealed record PeerUp(long Peer, PeerConnection Connection) : Input;

    private sealed record PeerFrame(long Peer, PeerConnection Connection, byte[] Frame) : Input;

    private sealed record PeerDown(long Peer, PeerConnection Connection) : Input;

    private sealed record LogSynced(long Zxid) : Input;

    private sealed record LogFailed(Exception Error) : Input;

    /// <summary>The transport's reports, queued to the loop in the order they happen.</summary>
    private sealed class LoopSink(ChannelWriter<Input> inbox) : IPeerEventSink
    {
        public void Connected(long peer, PeerConnection connection) => inbox.TryWrite(new PeerUp(peer, connection));

        public void Received(long peer, PeerConnection connection, byte[] frame) => inbox.TryWrite(new PeerFrame(peer, connection, frame));

        public void Disconnected(long peer, PeerConnection connection) => inbox.TryWrite(new PeerDown(peer, connection));
    }
}
