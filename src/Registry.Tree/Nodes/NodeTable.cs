using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Registry.Tree.Nodes;

/// <summary>
/// Every znode by path, written by one thread (the apply thread) and read by any number without locks.
/// <para>
/// Open addressing with linear probing over an array of the nodes themselves: a node costs one slot instead of an
/// entry object (as in <c>ConcurrentDictionary</c>), so a large tree has a million fewer objects for the garbage
/// collector to trace and copy, and growing copies references instead of allocating every entry again.
/// </para>
/// <para>
/// Why readers need no locks: within one array a slot only ever goes from empty to a node, and from a node to a
/// tombstone (removal) or from a tombstone to a node (reuse), so a probe never stops short of a node that is
/// present, and a node never moves. Growing and clearing out tombstones build a fresh array that the writer
/// publishes whole; a reader, or a snapshot walk, keeps working on the array it started with, which saw every
/// change up to the switch. The array is never more than half full, so every probe ends at an empty slot.
/// </para>
/// </summary>
internal sealed class NodeTable : IEnumerable<DataNode>
{
    private const int MinCapacity = 16;

    /// <summary>Marks a removed node's slot; its empty path matches no valid path.</summary>
    private static readonly DataNode Tombstone = new(string.Empty, [], [], 0, 0, 0);

    private DataNode?[] _slots = new DataNode?[MinCapacity];
    private int _count;
    private int _tombstones;

    public int Count => Volatile.Read(ref _count);

    public bool ContainsKey(string path) => TryGetValue(path, out _);

    public bool TryGetValue(string path, [NotNullWhen(true)] out DataNode? node)
    {
        var slots = Volatile.Read(ref _slots);
        var hash = DataNode.HashOf(path);
        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var candidate = Volatile.Read(ref slots[i]);
            if (candidate is null)
            {
                node = null;
                return false;
            }

            if (candidate.Hash == hash && string.Equals(candidate.Path, path, StringComparison.Ordinal) && !ReferenceEquals(candidate, Tombstone))
            {
                node = candidate;
                return true;
            }
        }
    }

    /// <summary>The node at <paramref name="path"/>, which the caller knows exists.</summary>
    public DataNode Get(string path) =>
        TryGetValue(path, out var node) ? node : throw new KeyNotFoundException($"no node at {path}");

    /// <summary>Writer only. Adds the node unless one with its path is present, in one probe.</summary>
    public bool TryAdd(DataNode node)
    {
        if ((_count + _tombstones + 1) * 2 > _slots.Length)
        {
            Rebuild(_count + 1);
        }

        // The probe runs to an empty slot to rule out a duplicate; the node goes into the first tombstone on the way.
        var slots = _slots;
        var mask = slots.Length - 1;
        var free = -1;
        var i = node.Hash & mask;
        for (; slots[i] is { } candidate; i = (i + 1) & mask)
        {
            if (ReferenceEquals(candidate, Tombstone))
            {
                free = free < 0 ? i : free;
            }
            else if (candidate.Hash == node.Hash && string.Equals(candidate.Path, node.Path, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (free >= 0)
        {
            i = free;
            _tombstones--;
        }

        // Publishes the node with every field its constructor and initialisers wrote.
        Volatile.Write(ref slots[i], node);
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    /// <summary>Writer only. Adds a node the caller has checked is absent; a duplicate is a bug, and throws.</summary>
    public void Add(DataNode node)
    {
        if (!TryAdd(node))
        {
            throw new InvalidOperationException($"{node.Path} is in the node table already");
        }
    }

    /// <summary>Writer only. Removes this very node; false if it is not in the table.</summary>
    public bool Remove(DataNode node)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = node.Hash & mask; slots[i] is { } candidate; i = (i + 1) & mask)
        {
            if (ReferenceEquals(candidate, node))
            {
                Volatile.Write(ref slots[i], Tombstone);
                _tombstones++;
                Volatile.Write(ref _count, _count - 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writer only. Takes over <paramref name="fresh"/>'s nodes in one step, so that readers see either the old
    /// nodes or the new, never a table part-way through a rebuild; <paramref name="fresh"/> is not used again.
    /// </summary>
    public void ReplaceWith(NodeTable fresh)
    {
        Volatile.Write(ref _slots, fresh._slots);
        _tombstones = fresh._tombstones;
        Volatile.Write(ref _count, fresh._count);
    }

    /// <summary>The nodes of the array current when enumeration starts, in no particular order.</summary>
    public Enumerator GetEnumerator() => new(Volatile.Read(ref _slots));

    IEnumerator<DataNode> IEnumerable<DataNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// A fresh array a quarter full at most for <paramref name="live"/> nodes, without tombstones: the next rebuild
    /// is at least as many writes away as there are nodes, which keeps its cost constant per write.
    /// </summary>
    private void Rebuild(int live)
    {
        var capacity = MinCapacity;
        while ((long)live * 4 > capacity)
        {
            capacity *= 2;
        }

        var fresh = new DataNode?[capacity];
        var mask = capacity - 1;
        foreach (var node in _slots)
        {
            if (node is null || ReferenceEquals(node, Tombstone))
            {
                continue;
            }

            var i = node.Hash & mask;
            while (fresh[i] is not null)
            {
                i = (i + 1) & mask;
            }

            fresh[i] = node;
        }

        Volatile.Write(ref _slots, fresh);
        _tombstones = 0;
    }

    public struct Enumerator(DataNode?[] slots) : IEnumerator<DataNode>
    {
        private int _index = -1;

        public DataNode Current { get; private set; } = null!;

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (++_index < slots.Length)
            {
                if (Volatile.Read(ref slots[_index]) is { } node && !ReferenceEquals(node, Tombstone))
                {
                    Current = node;
                    return true;
                }
            }

            return false;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
