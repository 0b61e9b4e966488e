namespace Registry.Tree.Watches;

/// <summary>A change notification: what happened, to which path, in which transaction.</summary>
public readonly record struct WatchedEvent(EventType Type, string Path, long Zxid);
