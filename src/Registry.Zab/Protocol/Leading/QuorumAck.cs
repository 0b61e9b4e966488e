namespace Registry.Zab.Protocol.Leading;

/// <summary>Quorum arithmetic over cumulative acks.</summary>
internal static class QuorumAck
{
    /// <summary>The highest zxid that at least <paramref name="quorum"/> of the voters' cumulative acks cover, or null.</summary>
    public static long? Of(IEnumerable<long> acks, int quorum)
    {
        var sorted = acks.OrderDescending().ToList();
        return sorted.Count >= quorum ? sorted[quorum - 1] : null;
    }
}
