using Microsoft.Extensions.Time.Testing;
using Registry.Catalog.Documents;
using Registry.Catalog.Model;

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
                    Checks = [new CheckDocument { CheckId = $"service:o{i}", Name = "check", Type = "http", Http = _target.HttpUrl, Interval = "2s", Timeout = "30s", Status = HealthStatus.Passing }],
                },
                false);
        }

        // A first pass takes the checks on, their first runs staggered within one interval: past it, all are due at once.
        await _host.EventuallyAsync(() => _host.Catalog.AllEntries().Count() == Checks, "every instance in the catalog");
        await _host.Scheduler.RunDueAsync(CancellationToken.None);
        Assert.Equal((Checks, 0), (_host.Scheduler.OwnedChecks, _target.Requests));
        // (A short interval: a clock jump past the registry sessions' timeout would expire the instances.)
        _time.Advance(TimeSpan.FromSeconds(2.1));
        await _host.Scheduler.RunDueAsync(CancellationToken.None);

        // The pass returns once the last probe has its slot; the target counts the requests as they arrive. The checks
        // start passing, so no probe holds its slot for a status write.
        var deadline = TimeProvider.System.GetTimestamp();
        while (_target.Requests < Checks && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        Assert.True(Checks == _target.Requests, $"{_target.Requests} probes reached the target; checks: {string.Join("; ", _host.Catalog.AllEntries().Select(e => $"{e.Instance.Id} {e.Document.Checks[0].Status} {e.Document.Checks[0].Output}"))}");
    }
}
