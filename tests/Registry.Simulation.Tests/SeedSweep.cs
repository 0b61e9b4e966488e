using System.Globalization;
using System.Text;
using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>
/// Runs a scenario over many seeds. <c>SIM_SEED=n</c> replays one seed with its trace; <c>SIM_SEEDS=n</c> sets
/// how many seeds a sweep runs (soak) and <c>SIM_SEED_START=n</c> where it starts. A failure names every failing
/// seed with the command that replays it and the trace tail of the first.
/// </summary>
internal static class SeedSweep
{
    public const int DefaultSeeds = 1000;
    private static readonly int TraceLines = EnvInt("SIM_TRACE", 200);

    public static void Run(Scenario scenario, string testName)
    {
        var single = Environment.GetEnvironmentVariable("SIM_SEED");
        var seeds = single is not null
            ? [int.Parse(single, CultureInfo.InvariantCulture)]
            : Enumerable.Range(EnvInt("SIM_SEED_START", 1), EnvInt("SIM_SEEDS", DefaultSeeds)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<SimResult>();
        Parallel.ForEach(seeds, seed =>
        {
            var result = Simulator.Run(scenario, seed);
            if (!result.Passed)
            {
                failures.Add(result);
            }
        });

        if (failures.IsEmpty)
        {
            return;
        }

        var ordered = failures.OrderBy(f => f.Seed).ToList();
        var replay = Simulator.Run(scenario, ordered[0].Seed, TraceLines);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{ordered.Count} of {seeds.Length} seeds of '{scenario.Name}' failed.");
        foreach (var failure in ordered.Take(20))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"seed {failure.Seed}: {failure.Violation}");
            report.AppendLine(CultureInfo.InvariantCulture, $"  replay: {ReplayCommand(failure.Seed, testName)}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"trace of seed {ordered[0].Seed} (last {TraceLines} events):");
        report.AppendLine(replay.Trace);
        Assert.Fail(report.ToString());
    }

    public static string ReplayCommand(int seed, string testName) =>
        $"SIM_SEED={seed} dotnet test tests/Registry.Simulation.Tests --filter \"FullyQualifiedName~{testName}\"";

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
