namespace Registry.Tree;

/// <summary>The client-visible Stat, field for field as ZooKeeper defines it (cversion already in its visible form).</summary>
public readonly record struct Stat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid);
