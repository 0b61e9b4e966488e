namespace Registry.Server.Ensemble.Transport;

/// <summary>
/// Delays between attempts to reach a peer: exponential from <see cref="Initial"/> to <see cref="Maximum"/>, each
/// drawn uniformly from its upper half (seeded jitter, so servers that lost a peer together do not retry in step).
/// </summary>
internal sealed class ReconnectBackoff(int seed)
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(2);

    private readonly Random _random = new(seed);
    private TimeSpan _ceiling = Initial;

    public TimeSpan Next()
    {
        var ceiling = _ceiling;
        _ceiling = TimeSpan.FromTicks(Math.Min(ceiling.Ticks * 2, Maximum.Ticks));
        return TimeSpan.FromTicks((ceiling.Ticks / 2) + _random.NextInt64((ceiling.Ticks / 2) + 1));
    }

    /// <summary>After a connection that worked, the next loss starts from the initial delay again.</summary>
    public void Reset() => _ceiling = Initial;
}
