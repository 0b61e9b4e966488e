namespace Registry.Tree.Acl;

/// <summary>
/// ACL lists compared by content, in order. Index loops rather than LINQ: an enumerator over the interface would be
/// boxed, and lists are compared for every create and every node a snapshot writes.
/// </summary>
internal sealed class AclListComparer : IEqualityComparer<IReadOnlyList<AclEntry>>
{
    public static readonly AclListComparer Instance = new();

    public bool Equals(IReadOnlyList<AclEntry>? x, IReadOnlyList<AclEntry>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (x[i] != y[i])
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(IReadOnlyList<AclEntry> obj)
    {
        var hash = new HashCode();
        for (var i = 0; i < obj.Count; i++)
        {
            hash.Add(obj[i]);
        }

        return hash.ToHashCode();
    }
}
