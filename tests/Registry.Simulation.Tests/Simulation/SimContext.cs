using Registry.Simulation.Tests.Checking;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>What every simulated component shares: time, the seeded randomness, the network and the checkers.</summary>
internal sealed class SimContext
{
    private readonly Queue<string> _trace = new();
    private readonly int _traceCapacity;

    public SimContext(int seed, Mutation mutation, int traceCapacity)
    {
        Random = new Random(seed);
        Mutation = mutation;
        _traceCapacity = traceCapacity;
        Network = new SimNetwork(Queue, Random, id => Servers.TryGetValue(id, out var s) && s.Up ? s : null, Trace);
    }

    public EventQueue Queue { get; } = new();

    public Random Random { get; }

    public Mutation Mutation { get; }

    public SimNetwork Network { get; }

    public SafetyChecker Checker { get; } = new();

    public SimCoverage Coverage { get; } = new();

    public Dictionary<long, SimServer> Servers { get; } = [];

    public void Trace(string line)
    {
        if (_traceCapacity == 0)
        {
            return;
        }

        _trace.Enqueue($"{Queue.Now,7}ms {line}");
        if (_trace.Count > _traceCapacity)
        {
            _trace.Dequeue();
        }
    }

    public string TraceText => string.Join(Environment.NewLine, _trace);
}
