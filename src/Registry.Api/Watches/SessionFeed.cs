using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Api.Watches;

/// <summary>
/// Wakes GET /v1/sessions long polls when the sessions or their ephemeral nodes may have changed: a session was
/// opened or closed (the session count moves, one session per transaction), or a node was created or deleted
/// (possibly an ephemeral). Waking on a persistent node is harmless; the poll answers the current list.
/// </summary>
public sealed class SessionFeed(TreeDatabase database) : IApplyObserver
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _index;
    private int _sessionCount = -1;
    private bool _awaited;

    /// <summary>Runs on the pipeline thread after each applied transaction; never blocks.</summary>
    public void OnApplied(ApplyResult result)
    {
        var count = database.Tree.SessionCount;
        var relevant = count != _sessionCount || CreatesOrDeletes(result.Changes);
        _sessionCount = count;
        if (!relevant)
        {
            return;
        }

        TaskCompletionSource woken;
        lock (_lock)
        {
            _index = result.Zxid;
            if (!_awaited)
            {
                // Nobody waits: keep the signal rather than allocate one per transaction.
                return;
            }

            woken = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited = false;
        }

        woken.TrySetResult();
    }

    /// <summary>Returns once a relevant change has a zxid above <paramref name="afterZxid"/>, or when the wait ends.</summary>
    public async Task WaitAsync(long afterZxid, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            if (_index > afterZxid)
            {
                return;
            }

            changed = _changed.Task;
            _awaited = true;
        }

        try
        {
            await changed.WaitAsync(wait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The wait ended without a change: the caller answers the unchanged list, as blocking queries do.
        }
    }

    private static bool CreatesOrDeletes(IReadOnlyList<TreeChange> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Type is EventType.NodeCreated or EventType.NodeDeleted)
            {
                return true;
            }
        }

        return false;
    }
}
