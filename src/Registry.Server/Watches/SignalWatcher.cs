using Registry.Tree.Watches;

namespace Registry.Server.Watches;

/// <summary>A one-shot watch that completes a task: how a long poll waits for a node without a thread.</summary>
public sealed class SignalWatcher : IWatcher
{
    private readonly TaskCompletionSource<WatchedEvent> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<WatchedEvent> Fired => _signal.Task;

    public void Process(WatchedEvent watchedEvent) => _signal.TrySetResult(watchedEvent);
}
