using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Registry.Zab.Storage;

namespace Registry.Server.Pipeline;

/// <summary>
/// The sync stage: one thread appends whatever transactions have queued up, makes them durable with a
/// single fsync, then reports the highest durable zxid. Transactions that arrive during an fsync ride
/// on the next one (group commit). Log housekeeping (roll-over, purge) is queued on the same thread so
/// that the log has a single writer.
/// </summary>
internal sealed class GroupCommitLog : IDisposable
{
    private readonly TxnLog _log;
    private readonly Action<long> _onDurable;
    private readonly Action<Exception> _onFailure;
    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<TaskCompletionSource, byte> _awaited = new();
    private volatile Exception? _failure;

    public GroupCommitLog(TxnLog log, Action<long> onDurable, Action<Exception> onFailure, ILogger logger)
    {
        _log = log;
        _onDurable = onDurable;
        _onFailure = onFailure;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "registry-log-sync" };
        _thread.Start();
    }

    public void Append(long zxid, byte[] payload) => _queue.Writer.TryWrite(new Entry(zxid, payload, null));

    /// <summary>Runs <paramref name="housekeeping"/> on the log's thread, after everything queued before it.</summary>
    public void Enqueue(Action<TxnLog> housekeeping) => _queue.Writer.TryWrite(new Entry(0, null, housekeeping));

    /// <summary>
    /// Like <see cref="Enqueue"/>, completing once the work ran (after everything queued before it is durable), or
    /// failing if the log has failed, so that a caller awaiting it is never left waiting on a dead thread.
    /// </summary>
    public Task RunAsync(Action<TxnLog> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited[done] = 0;
        if (_failure is { } failure)
        {
            _awaited.TryRemove(done, out _);
            return Task.FromException(failure);
        }

        Enqueue(log =>
        {
            _awaited.TryRemove(done, out _);
            try
            {
                work(log);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
                throw;
            }
        });
        return done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
    }

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                var durable = 0L;
                while (reader.TryRead(out var entry))
                {
                    if (entry.Housekeeping is not null)
                    {
                        Sync(ref durable);
                        entry.Housekeeping(_log);
                        continue;
                    }

                    _log.Append(entry.Zxid, entry.Payload);
                    durable = entry.Zxid;
                }

                Sync(ref durable);
            }
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "Transaction log failed; no further writes can be acknowledged");
            _failure = e;
            foreach (var awaited in _awaited.Keys)
            {
                awaited.TrySetException(e);
            }

            _onFailure(e);
        }
    }

    private void Sync(ref long durable)
    {
        if (durable == 0)
        {
            return;
        }

        _log.Flush();
        _onDurable(durable);
        durable = 0;
    }

    private readonly record struct Entry(long Zxid, byte[]? Payload, Action<TxnLog>? Housekeeping);
}
