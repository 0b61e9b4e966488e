namespace Registry.Health.Definitions;

/// <summary>Health-check limits, bound from "Registry:Health". Absurd values in a definition are refused against these.</summary>
public sealed class HealthOptions
{
    public const string Section = "Registry:Health";

    /// <summary>Shorter intervals are raised to this (Consul's floor is 1s).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longer intervals are refused at registration.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longer timeouts are refused at registration.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Shorter DeregisterCriticalServiceAfter values are raised to this (Consul's floor is 1m).</summary>
    public TimeSpan MinDeregisterCriticalServiceAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Probes in flight at once across all checks.</summary>
    public int MaxConcurrentProbes { get; set; } = 64;

    /// <summary>How often the scheduler looks for due probes, TTL expiries and deregistrations.</summary>
    public TimeSpan Resolution { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Output kept per check when the definition does not say (Consul's OutputMaxSize default).</summary>
    public int DefaultOutputMaxSize { get; set; } = 4096;
}
