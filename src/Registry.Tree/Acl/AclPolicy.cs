namespace Registry.Tree.Acl;

/// <summary>
/// ACL fix-up on create/setACL and the permission check, exactly as ZooKeeper's PrepRequestProcessor
/// (fixupACL) and checkACL do them. Identities are the caller's authenticated ids plus ip:address.
/// </summary>
public static class AclPolicy
{
    /// <summary>Validates and expands an ACL list (auth -> the caller's authenticated ids); throws InvalidAcl.</summary>
    public static IReadOnlyList<AclEntry> Fixup(IReadOnlyList<AclEntry>? acl, IReadOnlyList<Id> identities)
    {
        if (acl is null || acl.Count == 0)
        {
            throw new KeeperException(ErrorCode.InvalidAcl, "ACL list must not be empty");
        }

        // Index loops and a linear duplicate check: lists are a few entries long, and this runs for every create.
        var result = new List<AclEntry>(acl.Count);
        for (var i = 0; i < acl.Count; i++)
        {
            var entry = acl[i];
            if (string.IsNullOrEmpty(entry.Id.Scheme) || entry.Id.Value is null)
            {
                throw new KeeperException(ErrorCode.InvalidAcl, "ACL entry without a scheme or id");
            }

            if (entry.Perms is < Perms.None or > Perms.All)
            {
                throw new KeeperException(ErrorCode.InvalidAcl, $"invalid permission bits {(int)entry.Perms}");
            }

            switch (entry.Id.Scheme)
            {
                case "world" when entry.Id.Value == "anyone":
                    AddDistinct(result, entry);
                    break;
                case "auth":
                    var added = false;
                    for (var j = 0; j < identities.Count; j++)
                    {
                        if (IsAuthenticatedScheme(identities[j].Scheme))
                        {
                            AddDistinct(result, new AclEntry(entry.Perms, identities[j]));
                            added = true;
                        }
                    }

                    if (!added)
                    {
                        throw new KeeperException(ErrorCode.InvalidAcl, "auth scheme requires an authenticated identity");
                    }

                    break;
                case DigestAuth.Scheme when entry.Id.Value.Count(c => c == ':') == 1:
                case IpMatcher.Scheme when IpMatcher.IsValidId(entry.Id.Value):
                case "super":
                    AddDistinct(result, entry);
                    break;
                default:
                    throw new KeeperException(ErrorCode.InvalidAcl, $"invalid ACL id {entry.Id}");
            }
        }

        return result;
    }

    /// <summary>True when one of the identities is granted <paramref name="perm"/> by the ACL (ZooKeeper's checkACL).</summary>
    public static bool IsAllowed(IReadOnlyList<AclEntry>? acl, IReadOnlyList<Id> identities, Perms perm)
    {
        if (acl is null || acl.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < identities.Count; i++)
        {
            if (identities[i].Scheme == "super")
            {
                return true;
            }
        }

        for (var i = 0; i < acl.Count; i++)
        {
            var entry = acl[i];
            if ((entry.Perms & perm) == 0)
            {
                continue;
            }

            if (entry.Id.Scheme == "world" && entry.Id.Value == "anyone")
            {
                return true;
            }

            for (var j = 0; j < identities.Count; j++)
            {
                var id = identities[j];
                if (id.Scheme != entry.Id.Scheme)
                {
                    continue;
                }

                if (id.Scheme == IpMatcher.Scheme ? IpMatcher.Matches(entry.Id.Value, id.Value) : id.Value == entry.Id.Value)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static void Check(IReadOnlyList<AclEntry>? acl, IReadOnlyList<Id> identities, Perms perm, string path)
    {
        if (!IsAllowed(acl, identities, perm))
        {
            throw new KeeperException(ErrorCode.NoAuth, $"{perm} permission denied on {path}");
        }
    }

    /// <summary>getACL without ADMIN masks digest hashes (user:x), like ZooKeeper.</summary>
    public static IReadOnlyList<AclEntry> MaskDigests(IReadOnlyList<AclEntry> acl) =>
        acl.Select(e => e.Id.Scheme == DigestAuth.Scheme ? e with { Id = e.Id with { Value = DigestAuth.UserOf(e.Id.Value) + ":x" } } : e).ToList();

    private static void AddDistinct(List<AclEntry> result, AclEntry entry)
    {
        if (!result.Contains(entry))
        {
            result.Add(entry);
        }
    }

    private static bool IsAuthenticatedScheme(string scheme) => scheme is DigestAuth.Scheme or "super" or "sasl" or "x509";
}
