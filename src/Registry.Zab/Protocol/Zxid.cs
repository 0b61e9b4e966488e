namespace Registry.Zab.Protocol;

/// <summary>
/// A ZooKeeper transaction id: the epoch of the leader that proposed it in the high 32 bits and a per-epoch
/// counter in the low 32 bits, so that zxids order transactions across leader changes.
/// </summary>
public static class Zxid
{
    /// <summary>The largest counter an epoch can use; the next proposal needs a new epoch (a new election).</summary>
    public const long MaxCounter = 0xFFFF_FFFFL;

    /// <summary>The largest epoch a zxid can carry.</summary>
    public const long MaxEpoch = 0x7FFF_FFFFL;

    public static long Make(long epoch, long counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, MaxEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, MaxCounter);
        return (epoch << 32) | counter;
    }

    public static long EpochOf(long zxid) => zxid >>> 32;

    public static long CounterOf(long zxid) => zxid & MaxCounter;

    public static string Format(long zxid) => $"0x{EpochOf(zxid):x}:{CounterOf(zxid):x}";
}
