using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>The sweeps reach every path the checks are meant to cover; a path no seed reaches would be untested.</summary>
public sealed class CoverageTests
{
    private const int SeedsPerScenario = 600;

    [Fact]
    public void Sweeps_reach_every_protocol_path()
    {
        var results = new[] { Scenario.ThreeVoters, Scenario.FiveVotersTwoObservers }
            .SelectMany(scenario => Enumerable.Range(1, SeedsPerScenario).Select(seed => (scenario, seed)))
            .AsParallel()
            .Select(run => (run.scenario, result: Simulator.Run(run.scenario, run.seed)))
            .ToList();

        var failed = results.FirstOrDefault(r => !r.result.Passed);
        Assert.True(failed.result is null, $"{failed.scenario?.Name} seed {failed.result?.Seed}: {failed.result?.Violation}");
        var total = new SimCoverage();
        results.ForEach(r => total.Add(r.result.Coverage));
        var missing = SimCoverage.Probes.Where(p => total.Hits.GetValueOrDefault(p) == 0).ToList();
        Assert.True(missing.Count == 0, $"never reached: {string.Join(", ", missing)}");
    }
}
