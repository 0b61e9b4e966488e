namespace Registry.Tree.Acl;

/// <summary>
/// Interns ACL lists so that a million nodes sharing OPEN_ACL_UNSAFE share one list (ZooKeeper's
/// ReferenceCountedACLCache). Only the apply thread calls Intern/Release; lists are immutable once interned.
/// </summary>
internal sealed class AclCache
{
    private readonly Dictionary<IReadOnlyList<AclEntry>, Slot> _slots = new(AclListComparer.Instance);

    public int Count => _slots.Count;

    public IReadOnlyList<AclEntry> Intern(IReadOnlyList<AclEntry> acl)
    {
        if (_slots.TryGetValue(acl, out var slot))
        {
            slot.References++;
            return slot.Acl;
        }

        var copy = acl.ToArray();
        _slots[copy] = new Slot(copy) { References = 1 };
        return copy;
    }

    public void Release(IReadOnlyList<AclEntry> acl)
    {
        if (_slots.TryGetValue(acl, out var slot) && --slot.References == 0)
        {
            _slots.Remove(acl);
        }
    }

    private sealed class Slot(IReadOnlyList<AclEntry> acl)
    {
        public IReadOnlyList<AclEntry> Acl { get; } = acl;

        public long References { get; set; }
    }
}
