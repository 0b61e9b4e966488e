using Registry.Catalog.Documents;
using Registry.Catalog.Model;
using Registry.Health.Definitions;
using Registry.Health.Probes;
using Registry.Health.Scheduling;

namespace Registry.Health.Tests;

public sealed class CheckRunnerTests
{
    private static readonly ProbeResult Ok = new(HealthStatus.Passing, "ok");
    private static readonly ProbeResult Down = new(HealthStatus.Critical, "down");

    private static CheckRunner Runner(int successBeforePassing = 0, int failuresBeforeWarning = 0, int failuresBeforeCritical = 0)
    {
        var check = new CheckDocument
        {
            CheckId = "c",
            Tcp = "127.0.0.1:1",
            Interval = "1s",
            SuccessBeforePassing = successBeforePassing,
            FailuresBeforeWarning = failuresBeforeWarning,
            FailuresBeforeCritical = failuresBeforeCritical,
        };
        Assert.True(CheckSpec.TryCreate(check, new HealthOptions(), out var spec, out _));
        return new CheckRunner("/services/s/instance-0000000000", check, spec, null);
    }

    private static HealthStatus?[] Feed(CheckRunner runner, params ProbeResult[] results) =>
        [.. results.Select(r =>
        {
            var transition = runner.Observe(r);
            if (transition is not null)
            {
                runner.Reported = transition.Status;
            }

            return transition?.Status;
        })];

    [Fact]
    public void Without_thresholds_every_change_is_a_transition_and_repeats_are_not()
    {
        Assert.Equal([HealthStatus.Passing, null, HealthStatus.Critical, null, HealthStatus.Passing], Feed(Runner(), Ok, Ok, Down, Down, Ok));
    }

    [Fact]
    public void Success_before_passing_needs_consecutive_successes()
    {
        Assert.Equal([null, null, null, HealthStatus.Passing], Feed(Runner(successBeforePassing: 2), Ok, Down, Ok, Ok));
    }

    [Fact]
    public void Failures_go_to_warning_then_critical_at_their_thresholds()
    {
        var runner = Runner(failuresBeforeWarning: 1, failuresBeforeCritical: 3);
        Assert.Equal([HealthStatus.Passing, HealthStatus.Warning, null, HealthStatus.Critical], Feed(runner, Ok, Down, Down, Down));
    }

    [Fact]
    public void A_success_resets_the_failure_count()
    {
        Assert.Equal([HealthStatus.Passing, null, null, null, null], Feed(Runner(failuresBeforeCritical: 2), Ok, Down, Ok, Down, Ok));
    }
}
