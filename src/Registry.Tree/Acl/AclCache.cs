namespace Registry.Tree.Acl;

/// <summary>
/// Interns ACL lists so that a million nodes sharing OPEN_ACL_UNSAFE share one list (ZooKeeper's
/// ReferenceCountedACLCache). Only the apply thread calls Intern/Release; lists are immutable once interned.
/// </summary>
internal sealed class AclCache
{
    private readonly Dictionary<AclKey, Slot> _slots = [];

    public int Count => _slots.Count;

    public IReadOnlyList<AclEntry> Intern(IReadOnlyList<AclEntry> acl)
    {
        var key = new AclKey(acl);
        if (_slots.TryGetValue(key, out var slot))
        {
            slot.References++;
            return slot.Acl;
        }

        var copy = acl.ToArray();
        _slots[new AclKey(copy)] = new Slot(copy) { References = 1 };
        return copy;
    }

    public void Release(IReadOnlyList<AclEntry> acl)
    {
        var key = new AclKey(acl);
        if (_slots.TryGetValue(key, out var slot) && --slot.References == 0)
        {
            _slots.Remove(key);
        }
    }

    private sealed class Slot(IReadOnlyList<AclEntry> acl)
    {
        public IReadOnlyList<AclEntry> Acl { get; } = acl;

        public long References { get; set; }
    }

    private readonly struct AclKey(IReadOnlyList<AclEntry> entries) : IEquatable<AclKey>
    {
        private readonly IReadOnlyList<AclEntry> _entries = entries;

        public bool Equals(AclKey other) => _entries.SequenceEqual(other._entries);

        public override bool Equals(object? obj) => obj is AclKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var entry in _entries)
            {
                hash.Add(entry);
            }

            return hash.ToHashCode();
        }
    }
}
