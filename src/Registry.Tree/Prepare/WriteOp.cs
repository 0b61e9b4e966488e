using Registry.Tree.Acl;

namespace Registry.Tree.Prepare;

/// <summary>A write as a client asked for it, before Prepare resolves it into a <see cref="Txns.Txn"/>.</summary>
public abstract record WriteOp;

public sealed record CreateOp(string Path, byte[] Data, IReadOnlyList<AclEntry> Acl, CreateMode Mode, long Ttl = 0) : WriteOp;

public sealed record DeleteOp(string Path, int Version = -1) : WriteOp;

public sealed record SetDataOp(string Path, byte[] Data, int Version = -1) : WriteOp;

public sealed record SetAclOp(string Path, IReadOnlyList<AclEntry> Acl, int Version = -1) : WriteOp;

public sealed record CheckOp(string Path, int Version) : WriteOp;

public sealed record MultiOp(IReadOnlyList<WriteOp> Ops) : WriteOp;

/// <summary>Opens a session whose id the server has chosen.</summary>
public sealed record CreateSessionOp(long SessionId, int TimeoutMs) : WriteOp;

/// <summary>Closes a session (client close or expiry): its ephemerals go in the same transaction.</summary>
public sealed record CloseSessionOp(long SessionId) : WriteOp;

/// <summary>Deletes an empty container or an expired TTL node if it is still due (ZooKeeper's deleteContainer).</summary>
public sealed record ReapOp(string Path) : WriteOp;
