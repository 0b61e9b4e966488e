namespace Registry.Simulation.Tests.Simulation;

/// <summary>An ensemble shape and run length; the faults and their rates come from each seed (swarm testing).</summary>
public sealed record Scenario(string Name, int Voters, int Observers)
{
    public static Scenario ThreeVoters { get; } = new("3 voters", 3, 0);

    public static Scenario FiveVotersTwoObservers { get; } = new("5 voters + 2 observers", 5, 2);

    /// <summary>Simulated time with faults and client load.</summary>
    public long FaultPhaseMs { get; init; } = 4_000;

    /// <summary>After every fault heals, a leader must be elected and a write applied everywhere within this time.</summary>
    public long LivenessDeadlineMs { get; init; } = 8_000;

    public long TickMs { get; init; } = 50;

    public int Clients { get; init; } = 3;

    public int Keys { get; init; } = 4;

    public Mutation Mutation { get; init; } = Mutation.None;
}
