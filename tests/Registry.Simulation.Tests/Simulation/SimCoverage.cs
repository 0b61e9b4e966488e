namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// How often a run reached each protocol path worth covering (like FoundationDB's code probes), so a test can
/// prove that the sweeps actually exercise TRUNC, SNAP, epoch rollover, observers, syncs and session touches.
/// </summary>
public sealed class SimCoverage
{
    private readonly Dictionary<string, int> _hits = [];

    public static IReadOnlyList<string> Probes { get; } =
    [
        "diff", "trunc", "snap", "inform", "epoch-rollover", "leader-elected", "crash", "restart",
        "session-touches", "local-read", "sync-read", "acked-write", "stale-epoch-frame",
    ];

    public IReadOnlyDictionary<string, int> Hits => _hits;

    public void Hit(string probe) => _hits[probe] = _hits.GetValueOrDefault(probe) + 1;

    public void Add(SimCoverage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (probe, count) in other._hits)
        {
            _hits[probe] = _hits.GetValueOrDefault(probe) + count;
        }
    }
}
