namespace Registry.Tree.Watches;

/// <summary>Watcher.Event.EventType values the server sends.</summary>
public enum EventType
{
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
}
