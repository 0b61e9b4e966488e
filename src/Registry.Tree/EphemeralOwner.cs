namespace Registry.Tree;

/// <summary>
/// ZooKeeper packs container and TTL markers into the stored ephemeralOwner field (EphemeralType):
/// containers store 0x8000000000000000, TTL nodes 0xFF00000000000000 | ttl. Clients see 0 for both.
/// </summary>
public static class EphemeralOwner
{
    public const long Container = unchecked((long)0x8000000000000000UL);
    public const long MaxTtl = 0x00FFFFFFFFFFL;
    private const long TtlMask = unchecked((long)0xFF00000000000000UL);

    public static long ForTtl(long ttl) => TtlMask | ttl;

    public static bool IsContainer(long stored) => stored == Container;

    public static bool IsTtl(long stored) => (stored & TtlMask) == TtlMask;

    public static long TtlOf(long stored) => IsTtl(stored) ? stored & MaxTtl : 0;

    /// <summary>A real session id: positive sessions own ephemerals; markers are not sessions.</summary>
    public static bool IsSession(long stored) => stored != 0 && !IsContainer(stored) && !IsTtl(stored);

    public static long Visible(long stored) => IsSession(stored) ? stored : 0;

    public static long For(CreateMode mode, long sessionId, long ttl) => mode switch
    {
        CreateMode.Ephemeral or CreateMode.EphemeralSequential => sessionId,
        CreateMode.Container => Container,
        CreateMode.PersistentWithTtl or CreateMode.PersistentSequentialWithTtl => ForTtl(ttl),
        _ => 0,
    };
}
