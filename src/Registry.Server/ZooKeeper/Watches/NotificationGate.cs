using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;

namespace Registry.Server.ZooKeeper.Watches;

/// <summary>
/// The zxid up to which every watch has been triggered. The tree becomes readable a moment before its
/// watches fire, so a read that reflects zxid Z waits here until Z's notifications are queued on every
/// connection: no client then sees new state before the event announcing it (ZooKeeper's ordering guarantee).
/// </summary>
public sealed class NotificationGate : IApplyObserver
{
    private readonly Lock _lock = new();
    private readonly List<(long Zxid, TaskCompletionSource Signal)> _waiters = [];
    private long _notified;

    public NotificationGate(TreeDatabase database) => _notified = database.Tree.LastZxid;

    public long NotifiedZxid => Volatile.Read(ref _notified);

    /// <summary>Completes once the watches of every transaction up to <paramref name="zxid"/> have fired.</summary>
    public Task WaitAsync(long zxid)
    {
        if (NotifiedZxid >= zxid)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (NotifiedZxid >= zxid)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((zxid, signal));
            return signal.Task;
        }
    }

    /// <summary>Called on the pipeline thread after the tree applied a transaction and fired its watches.</summary>
    public void OnApplied(ApplyResult result)
    {
        lock (_lock)
        {
            Volatile.Write(ref _notified, result.Zxid);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Zxid <= result.Zxid)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
