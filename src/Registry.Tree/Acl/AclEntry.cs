namespace Registry.Tree.Acl;

/// <summary>One ACL entry: permissions granted to an identity.</summary>
public readonly record struct AclEntry(Perms Perms, Id Id)
{
    public static readonly IReadOnlyList<AclEntry> OpenUnsafe = [new(Perms.All, Id.Anyone)];
    public static readonly IReadOnlyList<AclEntry> CreatorAll = [new(Perms.All, Id.AuthIds)];
    public static readonly IReadOnlyList<AclEntry> ReadUnsafe = [new(Perms.Read, Id.Anyone)];
}
