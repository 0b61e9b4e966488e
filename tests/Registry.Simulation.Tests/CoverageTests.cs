using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>The sweeps reach every path the checks are meant to cover; a path no seed reaches would be untested.</summary>
public sealed class CoverageTests
{
    [Fact]
    public void Sweeps_reach_every_protocol_path()
    {
        var total = new SimCoverage();
        foreach (var scenario in new[] { Scenario.ThreeVoters, Scenario.FiveVotersTwoObservers })
        {
            foreach (var seed in Enumerable.Range(1, 60))
            {
                var result = Simulator.Run(scenario, seed);
                Assert.True(result.Passed, $"{scenario.Name} seed {seed}: {result.Violation}");
                total.Add(result.Coverage);
            }
        }

        var missing = SimCoverage.Probes.Where(p => total.Hits.GetValueOrDefault(p) == 0).ToList();
        Assert.True(missing.Count == 0, $"never reached: {string.Join(", ", missing)}");
    }
}
