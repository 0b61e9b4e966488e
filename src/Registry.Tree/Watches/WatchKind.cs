namespace Registry.Tree.Watches;

/// <summary>WatcherType of removeWatches/checkWatches, with ZooKeeper's values.</summary>
public enum WatchKind
{
    Children = 1,
    Data = 2,
    Any = 3,
    Persistent = 4,
    PersistentRecursive = 5,
}
