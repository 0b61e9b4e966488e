using Xunit.Abstractions;
using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>
/// The checkers are not vacuous: with a deliberately broken replication the same sweep reports violations.
/// Each mutation must be caught within a small number of seeds.
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private const int Seeds = 200;

    [Theory]
    [InlineData(Mutation.ForgedAcks)]
    [InlineData(Mutation.FsyncLie)]
    public void A_broken_replication_is_reported_as_a_violation(Mutation mutation)
    {
        var scenario = Scenario.ThreeVoters with { Mutation = mutation };
        var failures = Enumerable.Range(1, Seeds)
            .AsParallel()
            .Select(seed => Simulator.Run(scenario, seed))
            .Where(r => !r.Passed)
            .ToList();

        Assert.True(failures.Count > 0, $"no violation found with {mutation} in {Seeds} seeds");
        output.WriteLine($"{failures.Count} of {Seeds} seeds caught {mutation}, e.g. seed {failures[0].Seed}: {failures[0].Violation}");
        Assert.All(failures, f => Assert.False(string.IsNullOrEmpty(f.Violation)));
    }
}
