using Registry.Catalog.Model;

namespace Registry.Health.Probes;

/// <summary>What one probe saw: a status and the output that explains it.</summary>
public sealed record ProbeResult(HealthStatus Status, string Output);
