using Microsoft.Extensions.Time.Testing;
using Registry.Catalog.Documents;

namespace Registry.Health.Tests;

/// <summary>The probe rate is bounded by the probe slots and the targets, not by scheduling passes per second.</summary>
public sealed class ProbeThroughputTests : IAsyncLifetime
{
    private const int Checks = 5;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private HealthHost _host = null!;
    private TargetServer _target = null!;

    public async Task InitializeAsync()
    {
        // One slot, and a resolution so long that the host's own loop never runs a pass during the test.
        _host = await HealthHost.StartAsync(_time, "--Registry:Health:MaxConcurrentProbes=1", "--Registry:Health:Resolution=01:00:00");
        _target = await TargetServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task One_pass_runs_every_due_probe_through_a_single_slot_as_the_running_ones_finish()
    {
        for (var i = 0; i < Checks; i++)
        {
            await _host.Registrar.RegisterAsync(
                new InstanceDocument
                {
                    Service = "orders", Id = $"o{i}", Node = "node-1", Address = "127.0.0.1", Port = 8080,
                    Checks = [new CheckDocument { CheckId = $"service:o{i}", Name = "check", Type = "http", Http = _target.HttpUrl, Interval = "1m", Timeout = "30s" }],
                },
                false);
        }

        // A first pass takes the checks on, their first runs staggered within one interval: past it, all are due at once.
        await _host.Scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal(0, _target.Requests);
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await _host.Scheduler.RunDueAsync(CancellationToken.None);

        // The pass returns once the last probe has its slot; the target counts the requests as they arrive.
        var deadline = TimeProvider.System.GetTimestamp();
        while (_target.Requests < Checks && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(10);
        }

        Assert.Equal(Checks, _target.Requests);
    }
}
