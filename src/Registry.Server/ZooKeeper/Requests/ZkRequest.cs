using Registry.Tree.Acl;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>A decoded request body. The opcode decides which record it is; records shared by several opcodes are reused.</summary>
public abstract record ZkRequest;

/// <summary>A request with no body (ping, whoAmI, closeSession).</summary>
public sealed record EmptyRequest : ZkRequest
{
    public static readonly EmptyRequest Instance = new();
}

/// <summary>create, create2, createContainer and (with <see cref="Ttl"/>) createTTL.</summary>
public sealed record CreateRequest(string Path, byte[]? Data, List<AclEntry> Acl, int Flags, long Ttl) : ZkRequest;

public sealed record DeleteRequest(string Path, int Version) : ZkRequest;

/// <summary>exists, getData, getChildren, getChildren2: a path and whether to leave a watch.</summary>
public sealed record PathWatchRequest(string Path, bool Watch) : ZkRequest;

/// <summary>getACL, sync, getAllChildrenNumber, getEphemerals: a path (a prefix for getEphemerals; may be null).</summary>
public sealed record PathRequest(string? Path) : ZkRequest;

public sealed record SetDataRequest(string Path, byte[]? Data, int Version) : ZkRequest;

public sealed record SetAclRequest(string Path, List<AclEntry> Acl, int Version) : ZkRequest;

public sealed record CheckVersionRequest(string Path, int Version) : ZkRequest;

public sealed record AuthRequest(int Type, string? Scheme, byte[] Auth) : ZkRequest;

/// <summary>setWatches (101) and setWatches2 (105, which adds the persistent lists).</summary>
public sealed record SetWatchesRequest(
    long RelativeZxid,
    List<string> DataWatches,
    List<string> ExistWatches,
    List<string> ChildWatches,
    List<string> PersistentWatches,
    List<string> PersistentRecursiveWatches) : ZkRequest;

public sealed record AddWatchRequest(string Path, int Mode) : ZkRequest;

/// <summary>checkWatches and removeWatches: a path and a WatcherType.</summary>
public sealed record WatchTypeRequest(string Path, int Type) : ZkRequest;

/// <summary>multi (14) or multiRead (22): the ops in order, each with its own opcode.</summary>
public sealed record MultiRequest(IReadOnlyList<(Records.OpCode Type, ZkRequest Op)> Ops) : ZkRequest;
