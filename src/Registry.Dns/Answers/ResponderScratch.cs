using Registry.Dns.Wire;

namespace Registry.Dns.Answers;

/// <summary>
/// Per-loop working memory of the responder, so answering a query allocates nothing: label offsets, the
/// selected and shuffled instance indexes, and per-address marks that de-duplicate addresses. Arrays grow
/// to the largest service seen and are reused. Not thread-safe: one per receive loop or TCP connection.
/// </summary>
internal sealed class ResponderScratch(int seed)
{
    private int _stamp;

    public int[] LabelStarts { get; } = new int[DnsQuery.MaxLabels];

    public int[] Selected { get; private set; } = new int[16];

    /// <summary>Per address id: the stamp of the query that last wrote it.</summary>
    public int[] AddressStamps { get; private set; } = new int[16];

    /// <summary>Per address id: where its SRV target name was written, for the additional record's owner.</summary>
    public int[] TargetOffsets { get; private set; } = new int[16];

    /// <summary>Address ids in the order they were first written.</summary>
    public int[] DistinctAddresses { get; private set; } = new int[16];

    public Random Random { get; } = new(seed);

    /// <summary>Sizes the arrays for a service and returns a stamp no address carries yet.</summary>
    public int Begin(int instances, int addresses)
    {
        if (Selected.Length < instances)
        {
            Selected = new int[instances];
        }
        if (AddressStamps.Length < addresses)
        {
            AddressStamps = new int[addresses];
            TargetOffsets = new int[addresses];
            DistinctAddresses = new int[addresses];
            _stamp = 0;
        }
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(AddressStamps);
            _stamp = 1;
        }
        return _stamp;
    }

    /// <summary>Fisher-Yates over the first <paramref name="count"/> selected indexes: every query sees its own order.</summary>
    public void ShuffleSelected(int count)
    {
        var selected = Selected;
        for (var i = count - 1; i > 0; i--)
        {
            var j = Random.Next(i + 1);
            (selected[i], selected[j]) = (selected[j], selected[i]);
        }
    }
}
