using Registry.Health.Definitions;

namespace Registry.Health.Probes;

/// <summary>Runs one check once. Never throws for target failures: they are a critical result with the reason.</summary>
public interface IProbe
{
    Task<ProbeResult> ProbeAsync(CheckSpec spec, CancellationToken cancellationToken);
}
