namespace Registry.Tree.Watches;

/// <summary>
/// Receives notifications. Called on the apply thread, in zxid order: implementations must only enqueue
/// or complete a signal, never block.
/// </summary>
public interface IWatcher
{
    void Process(WatchedEvent watchedEvent);
}
