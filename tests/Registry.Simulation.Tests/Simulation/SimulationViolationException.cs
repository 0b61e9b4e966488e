namespace Registry.Simulation.Tests.Simulation;

/// <summary>A safety or liveness property the simulator checks does not hold.</summary>
public sealed class SimulationViolationException : Exception
{
    public SimulationViolationException() { }

    public SimulationViolationException(string message) : base(message) { }

    public SimulationViolationException(string message, Exception inner) : base(message, inner) { }
}
