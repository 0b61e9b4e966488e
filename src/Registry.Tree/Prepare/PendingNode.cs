using Registry.Tree.Acl;

namespace Registry.Tree.Prepare;

/// <summary>
/// A node as it will be once every prepared-but-unapplied transaction is applied (ZooKeeper's ChangeRecord).
/// <see cref="Zxid"/> is the transaction that produced this state; it is dropped once that zxid is applied.
/// </summary>
internal sealed record PendingNode(
    bool Exists,
    int Version,
    int Aversion,
    int ChildCreates,
    int NumChildren,
    long EphemeralOwner,
    IReadOnlyList<AclEntry> Acl,
    long Mtime,
    long Zxid)
{
    public static PendingNode Deleted(long zxid) => new(false, 0, 0, 0, 0, 0, [], 0, zxid);
}
