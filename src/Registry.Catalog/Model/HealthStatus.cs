namespace Registry.Catalog.Model;

/// <summary>A check's or an instance's health, ordered from best to worst so the worst check wins.</summary>
public enum HealthStatus
{
    Passing = 0,
    Warning = 1,
    Critical = 2,
}
