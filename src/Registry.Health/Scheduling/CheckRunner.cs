using Registry.Catalog.Documents;
using Registry.Catalog.Model;
using Registry.Health.Definitions;
using Registry.Health.Probes;

namespace Registry.Health.Scheduling;

/// <summary>
/// One owned check's run state: when it is due, its consecutive results against the thresholds, its TTL
/// deadline and how long it has been critical. <see cref="Observe"/> turns a probe result into a status
/// transition (or none), which is all that is ever written.
/// </summary>
public sealed class CheckRunner(string znode, CheckDocument definition, CheckSpec? spec, string? specError)
{
    private int _successes;
    private int _failures;

    public string Znode => znode;

    public string CheckId => definition.CheckId;

    /// <summary>The definition without its state, to tell a re-registration that changed it.</summary>
    public CheckDocument Definition { get; } = definition with { Status = HealthStatus.Critical, Output = "" };

    public CheckSpec? Spec => spec;

    public string? SpecError => specError;

    public long SessionId { get; set; }

    /// <summary>The status the tree holds for this check.</summary>
    public HealthStatus Reported { get; set; } = definition.Status;

    public string ReportedOutput { get; set; } = definition.Output;

    public DateTimeOffset NextDue { get; set; }

    public DateTimeOffset TtlDeadline { get; set; }

    public bool Running { get; set; }

    public DateTimeOffset? CriticalSince { get; set; }

    public bool Deregistering { get; set; }

    public static string KeyOf(string znode, string checkId) => znode + "\n" + checkId;

    /// <summary>Applies Consul's thresholds; returns the state to write when the status changes.</summary>
    public ProbeResult? Observe(ProbeResult result)
    {
        if (result.Status == HealthStatus.Passing)
        {
            _failures = 0;
            _successes++;
            return _successes >= Math.Max(1, spec?.SuccessBeforePassing ?? 1) ? Transition(result) : null;
        }

        _successes = 0;
        _failures++;
        if (_failures >= Math.Max(1, spec?.FailuresBeforeCritical ?? 1))
        {
            return Transition(result);
        }

        return _failures >= Math.Max(1, spec?.FailuresBeforeWarning ?? 1) ? Transition(result with { Status = HealthStatus.Warning }) : null;
    }

    private ProbeResult? Transition(ProbeResult result) => result.Status == Reported ? null : result;
}
