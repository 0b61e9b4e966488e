namespace Registry.Simulation.Tests.Simulation;

/// <summary>The outcome of one seed: the violation (null when every check held) and what the run did.</summary>
public sealed record SimResult(int Seed, string? Violation, string Trace, int AckedWrites, int Committed, long RecoveryMs, SimCoverage Coverage)
{
    public bool Passed => Violation is null;
}
