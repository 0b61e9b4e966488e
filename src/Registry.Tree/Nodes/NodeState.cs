using Registry.Tree.Acl;

namespace Registry.Tree.Nodes;

/// <summary>The parts of a node that Prepare decides on: versions, the sequential counter, children, owner, ACL.</summary>
internal sealed record NodeState(int Version, int Aversion, int ChildCreates, int NumChildren, long EphemeralOwner, IReadOnlyList<AclEntry> Acl, long Mtime);
