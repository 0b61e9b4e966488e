using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>The seed sweeps CI runs: every safety check after every step, liveness after the faults heal.</summary>
public sealed class SimulationTests
{
    [Fact]
    public void Three_voters_stay_safe_and_recover_across_seeds() =>
        SeedSweep.Run(Scenario.ThreeVoters, nameof(Three_voters_stay_safe_and_recover_across_seeds));

    [Fact]
    public void Five_voters_and_two_observers_stay_safe_and_recover_across_seeds() =>
        SeedSweep.Run(Scenario.FiveVotersTwoObservers, nameof(Five_voters_and_two_observers_stay_safe_and_recover_across_seeds));
}
