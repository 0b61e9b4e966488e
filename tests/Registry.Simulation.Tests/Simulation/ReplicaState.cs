using Registry.Zab.Protocol;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>The replicated state machine: the applied transactions in order and the key/value map they build.</summary>
internal sealed class ReplicaState
{
    private readonly List<LogEntry> _applied;
    private readonly Dictionary<int, int> _values;

    public ReplicaState()
    {
        _applied = [];
        _values = [];
    }

    private ReplicaState(ReplicaState other)
    {
        _applied = [.. other._applied];
        _values = new Dictionary<int, int>(other._values);
    }

    public IReadOnlyList<LogEntry> Applied => _applied;

    public long LastZxid => _applied.Count > 0 ? _applied[^1].Zxid : 0;

    /// <summary>Applies a transaction and returns the value it replaced.</summary>
    public int Apply(LogEntry entry, SimTxn txn)
    {
        _applied.Add(entry);
        var previous = Read(txn.Key);
        _values[txn.Key] = txn.Value;
        return previous;
    }

    public int Read(int key) => _values.TryGetValue(key, out var value) ? value : Linearizability.RegisterModel.Unset;

    public ReplicaState Copy() => new(this);
}
