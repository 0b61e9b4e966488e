using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Server.Pipeline;

/// <summary>
/// The write path of a standalone server: prepare -> log (group commit) -> apply -> respond, as methods
/// of one loop that alone owns the preparer and applies to the tree; only the fsync runs on its own
/// thread. Answers leave in zxid order, and a failed write is answered only after every write prepared
/// before it, so that no client sees an error that depends on a state that might never be committed.
/// </summary>
public sealed class RequestPipeline : IWritePipeline, IAsyncDisposable
{
    private readonly TreeDatabase _database;
    private readonly RequestPreparer _preparer;
    private readonly TimeProvider _time;
    private readonly ServerOptions _options;
    private readonly Channel<Item> _inbox = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<InFlight> _inFlight = new();
    private readonly GroupCommitLog _log;
    private readonly StateApplier _applier;

    // Reused by the loop for every transaction it encodes; the log gets its own copy of the bytes.
    private readonly MemoryStream _encoded = new();
    private readonly BinaryWriter _encoder;
    private readonly Task _loop;
    private long _lastProposed;
    private long _durable;
    private int _pendingWrites;
    private int _disposed;
    private Exception? _failure;
    private volatile bool _stopping;

    public RequestPipeline(TreeDatabase database, IEnumerable<IApplyObserver> observers, TimeProvider time, ServerOptions options, ILogger<RequestPipeline> logger)
    {
        _database = database;
        _time = time;
        _options = options;
        _preparer = new RequestPreparer(database.Tree, options.PreparerOptions());
        _lastProposed = _durable = database.Tree.LastZxid;
        _encoder = new BinaryWriter(_encoded);
        _log = new GroupCommitLog(database.Log, zxid => _inbox.Writer.TryWrite(new Durable(zxid)), e => _inbox.Writer.TryWrite(new Failed(e)), logger);
        _applier = new StateApplier(database, [.. observers], _log, options, logger);
        _loop = Task.Run(RunAsync);
    }

    public DataTree Tree => _database.Tree;

    /// <summary>Writes admitted but not yet answered.</summary>
    public int PendingWrites => Volatile.Read(ref _pendingWrites);

    /// <summary>Submits a write; the task completes once it is durable and applied (or has failed).</summary>
    public Task<WriteResult> SubmitAsync(RequestContext context, WriteOp op)
    {
        if (_stopping)
        {
            return Task.FromResult(WriteResult.Failed(ErrorCode.ConnectionLoss, "the server is shutting down"));
        }

        if (_failure is { } failure)
        {
            return Task.FromResult(WriteResult.Failed(ErrorCode.SystemError, $"the transaction log failed: {failure.Message}"));
        }

        if (Interlocked.Increment(ref _pendingWrites) > _options.MaxPendingWrites)
        {
            Interlocked.Decrement(ref _pendingWrites);
            return Task.FromResult(WriteResult.Failed(ErrorCode.ThrottledOp, $"more than {_options.MaxPendingWrites} writes are pending; retry later"));
        }

        var completion = new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new Request(context, op, completion)))
        {
            Interlocked.Decrement(ref _pendingWrites);
            return Task.FromResult(WriteResult.Failed(ErrorCode.ConnectionLoss, "the server is shutting down"));
        }

        return completion.Task;
    }

    /// <summary>Completes once every write submitted before it has been applied (ZooKeeper's sync).</summary>
    public Task SyncAsync()
    {
        var completion = new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _inbox.Writer.TryWrite(new Request(RequestContext.System, null, completion)) ? completion.Task : Task.CompletedTask;
    }

    /// <summary>Refuses new writes, answers every admitted one, then stops the loop and the log.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container disposes it once per registration (itself and IWritePipeline).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        await SyncAsync();
        _inbox.Writer.TryComplete();
        await _loop;
        _log.Dispose();
        await _applier.DrainAsync();
        await _encoder.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var reader = _inbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                switch (item)
                {
                    case Request request:
                        Prepare(request);
                        break;
                    case Durable durable:
                        _durable = durable.Zxid;
                        ApplyDurable();
                        break;
                    case Failed failed:
                        Fail(failed.Error);
                        break;
                }
            }
        }

        Fail(new ObjectDisposedException(nameof(RequestPipeline), "the server is shutting down"));
    }

    private void Prepare(Request request)
    {
        if (request.Op is null)
        {
            Answer(new InFlight(0, default, null, request.Completion, null), barrier: true);
            return;
        }

        var zxid = _lastProposed + 1;
        var time = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var outcome = _preparer.Prepare(request.Context, request.Op, zxid, time);
        if (!outcome.IsSuccess)
        {
            Answer(new InFlight(0, default, null, request.Completion, WriteResult.Failed(outcome.Error, outcome.Message!, outcome.MultiResults)), barrier: false);
            return;
        }

        _lastProposed = zxid;
        var header = new TxnHeader(TxnSession.Of(request.Context, request.Op), zxid, time);
        _encoded.SetLength(0);
        TxnCodec.Write(_encoder, header, outcome.Txn!);
        _encoder.Flush();
        _inFlight.Enqueue(new InFlight(zxid, header, outcome.Txn, request.Completion, null));
        _log.Append(zxid, _encoded.ToArray());
    }

    /// <summary>Failures and barriers carry no transaction: they are answered in order behind the writes before them.</summary>
    private void Answer(InFlight item, bool barrier)
    {
        if (_inFlight.Count == 0)
        {
            Complete(item.Completion, item.Failure, barrier);
        }
        else
        {
            _inFlight.Enqueue(item);
        }
    }

    private void ApplyDurable()
    {
        while (_inFlight.TryPeek(out var head) && head.Zxid <= _durable)
        {
            _inFlight.Dequeue();
            if (head.Txn is null)
            {
                Complete(head.Completion, head.Failure, barrier: head.Failure is null);
                continue;
            }

            var applied = _applier.Apply(head.Header, head.Txn);
            _preparer.Applied(head.Zxid);
            Complete(head.Completion, new WriteResult(head.Zxid, ErrorCode.Ok, null, applied.Result, applied.MultiResults), barrier: false);
        }
    }

    private void Complete(TaskCompletionSource<WriteResult> completion, WriteResult? result, bool barrier)
    {
        if (!barrier)
        {
            Interlocked.Decrement(ref _pendingWrites);
        }

        completion.TrySetResult(result ?? new WriteResult(_database.Tree.LastZxid, ErrorCode.Ok, null, OpResult.Ok, null));
    }

    private void Fail(Exception error)
    {
        _failure ??= error;
        while (_inFlight.TryDequeue(out var item))
        {
            Complete(item.Completion, WriteResult.Failed(ErrorCode.SystemError, $"write not committed: {error.Message}"), barrier: item.Txn is null && item.Failure is null);
        }
    }

    private abstract record Item;

    private sealed record Request(RequestContext Context, WriteOp? Op, TaskCompletionSource<WriteResult> Completion) : Item;

    private sealed record Durable(long Zxid) : Item;

    private sealed record Failed(Exception Error) : Item;

    private readonly record struct InFlight(long Zxid, TxnHeader Header, Txn? Txn, TaskCompletionSource<WriteResult> Completion, WriteResult? Failure);
}
