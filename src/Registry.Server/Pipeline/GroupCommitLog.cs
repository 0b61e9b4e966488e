using System.Collections.Concurrent;
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
    private readonly ConcurrentQueue<Entry> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<TaskCompletionSource, byte> _awaited = new();

    /// <summary>1 while the log thread waits for entries; a writer that sets it back to 0 releases the thread, once.</summary>
    private int _sleeping;
    private volatile bool _completed;
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

    public void Append(long zxid, byte[] payload) => Add(new Entry(zxid, payload, null));

    /// <summary>Runs <paramref name="housekeeping"/> on the log's thread, after everything queued before it.</summary>
    public void Enqueue(Action<TxnLog> housekeeping) => Add(new Entry(0, null, housekeeping));

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
        _completed = true;
        Wake();
        _thread.Join();
        _wake.Dispose();
    }

    /// <summary>Entries added after <see cref="Dispose"/> are dropped, like writes to a completed channel.</summary>
    private void Add(Entry entry)
    {
        if (_completed)
        {
            return;
        }

        _queue.Enqueue(entry);
        Wake();
    }

    /// <summary>Releases the log thread if it sleeps; costs the pipeline one interlocked operation, and no lock.</summary>
    private void Wake()
    {
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Blocks the log thread until an entry or the end arrives. It announces that it sleeps before looking at the
    /// queue once more, so an entry added at any moment either is seen here or wakes it. A dedicated thread that
    /// blocks rather than spins: on two cores a spinning waiter takes the CPU the pipeline needs.
    /// </summary>
    private bool WaitForEntries()
    {
        Volatile.Write(ref _sleeping, 1);
        if ((!_queue.IsEmpty || _completed) && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            return !(_completed && _queue.IsEmpty);
        }

        _wake.Wait();
        return !(_completed && _queue.IsEmpty);
    }

    private void Run()
    {
        try
        {
            do
            {
                var durable = 0L;
                while (_queue.TryDequeue(out var entry))
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
            while (WaitForEntries());
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
