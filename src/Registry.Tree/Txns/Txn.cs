using Registry.Tree.Acl;

namespace Registry.Tree.Txns;

/// <summary>
/// A fully resolved change: Prepare has already checked versions and ACLs, chosen sequential names and
/// fixed the time, so applying it needs no clock, counter or permission check (and gives the same result
/// on every replica).
/// </summary>
public abstract record Txn;

/// <summary>Creates a node; <see cref="EphemeralOwner"/> is the stored form (session, container or TTL marker).</summary>
public sealed record CreateTxn(string Path, byte[] Data, IReadOnlyList<AclEntry> Acl, long EphemeralOwner) : Txn;

public sealed record DeleteTxn(string Path) : Txn;

/// <summary>Replaces data; <see cref="Version"/> is the node's new data version.</summary>
public sealed record SetDataTxn(string Path, byte[] Data, int Version) : Txn;

/// <summary>Replaces the ACL; <see cref="Version"/> is the node's new aversion.</summary>
public sealed record SetAclTxn(string Path, IReadOnlyList<AclEntry> Acl, int Version) : Txn;

/// <summary>A version check inside a multi: it changes nothing once prepared.</summary>
public sealed record CheckTxn(string Path) : Txn;

/// <summary>Opens the session named in the header.</summary>
public sealed record CreateSessionTxn(int TimeoutMs) : Txn;

/// <summary>Ends the session named in the header and deletes its ephemerals in the same transaction.</summary>
public sealed record CloseSessionTxn : Txn;

/// <summary>Several operations applied atomically under one zxid.</summary>
public sealed record MultiTxn(IReadOnlyList<Txn> Ops) : Txn;

/// <summary>
/// A write the leader refused at prepare time, replicated in order like ZooKeeper's error transaction so that the
/// server that took the request answers it after every write before it. Applying it changes nothing but the zxid.
/// </summary>
public sealed record ErrorTxn(ErrorCode Error, string Message, IReadOnlyList<ErrorCode> MultiErrors) : Txn;
