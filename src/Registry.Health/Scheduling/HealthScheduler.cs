using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Catalog.Registration;
using Registry.Health.Definitions;
using Registry.Health.Ownership;
using Registry.Health.Probes;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Health.Scheduling;

/// <summary>
/// Runs the checks this server owns: one loop on a fixed resolution finds due probes, TTL expiries and
/// checks critical past their deregistration limit; probes run concurrently up to a bound (no thread per
/// check). Results pass the thresholds and only transitions are written. A check that stays critical past
/// DeregisterCriticalServiceAfter closes the instance's session, so every ephemeral of it vanishes.
/// </summary>
public sealed class HealthScheduler : BackgroundService
{
    private readonly RegistryServer _server;
    private readonly ServiceCatalog _catalog;
    private readonly ServiceRegistrar _registrar;
    private readonly CheckOwnership _ownership;
    private readonly HealthOptions _options;
    private readonly Dictionary<CheckKind, IProbe> _probes;
    private readonly ILogger<HealthScheduler> _logger;
    private readonly ConcurrentDictionary<string, CheckRunner> _runners = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly Lock _reconcileLock = new();
    private long _reconciledAt = -1;
    private volatile bool _membershipChanged;

    public HealthScheduler(
        RegistryServer server, ServiceCatalog catalog, ServiceRegistrar registrar, CheckOwnership ownership, HealthOptions options,
        HttpProbe http, TcpProbe tcp, GrpcProbe grpc, ILogger<HealthScheduler> logger)
    {
        _server = server;
        _catalog = catalog;
        _registrar = registrar;
        _ownership = ownership;
        _options = options;
        _logger = logger;
        _probes = new Dictionary<CheckKind, IProbe> { [CheckKind.Http] = http, [CheckKind.Tcp] = tcp, [CheckKind.Grpc] = grpc };
        _slots = new SemaphoreSlim(options.MaxConcurrentProbes);
        ownership.Cluster.Changed += () => _membershipChanged = true;
    }

    private DateTimeOffset Now => _server.Time.GetUtcNow();

    /// <summary>The checks this server runs now.</summary>
    public int OwnedChecks => _runners.Count;

    /// <summary>A TTL check's report (pass/warn/fail/update): restarts its TTL, records a changed state.</summary>
    /// <exception cref="KeyNotFoundException">No such check on this node.</exception>
    /// <exception cref="InvalidOperationException">The check is not a TTL check.</exception>
    public async Task ReportTtlAsync(string node, string checkId, HealthStatus status, string output)
    {
        var (entry, check) = _catalog.FindCheck(node, checkId) ?? throw new KeyNotFoundException(checkId);
        if (!string.Equals(check.Type, CheckSpec.TypeName(CheckKind.Ttl), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"CheckID \"{checkId}\" does not have associated TTL");
        }

        Reconcile();
        if (_runners.TryGetValue(CheckRunner.KeyOf(entry.Instance.Znode, checkId), out var runner) && runner.Spec is { } spec)
        {
            lock (runner)
            {
                runner.TtlDeadline = Now + spec.Ttl;
            }
        }

        await _registrar.SetCheckStateAsync(entry.Instance.Znode, checkId, status, output);
    }

    /// <summary>One scheduling pass (the loop calls it every resolution tick; tests may call it directly).</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        Reconcile();
        var now = Now;
        var pass = System.Diagnostics.Stopwatch.StartNew();
        foreach (var runner in _runners.Values)
        {
            if (runner.SpecError is { } error)
            {
                if (runner.Reported != HealthStatus.Critical || runner.ReportedOutput != error)
                {
                    await WriteAsync(runner, new ProbeResult(HealthStatus.Critical, error));
                }

                continue;
            }

            var spec = runner.Spec!;
            if (spec.Kind == CheckKind.Ttl)
            {
                if (now >= runner.TtlDeadline && runner.Reported != HealthStatus.Critical)
                {
                    await WriteAsync(runner, new ProbeResult(HealthStatus.Critical, $"TTL expired (last report more than {spec.Ttl.TotalSeconds:0.###}s ago)"));
                }
            }
            else if (!runner.Running && now >= runner.NextDue && await TakeSlotAsync(pass, cancellationToken))
            {
                runner.Running = true;
                _ = ProbeAsync(runner, spec, cancellationToken);
            }

            await DeregisterIfCriticalTooLongAsync(runner, spec, now);
        }
    }

    /// <summary>
    /// A probe slot for a due check. While the pass is younger than one resolution it waits for a running probe to
    /// finish, so the probe rate is bounded by the slots and the targets' answers, not by passes per second (a
    /// pass that only took free slots started at most MaxConcurrentProbes probes per resolution). Past that, the
    /// pass moves on without one: TTL expiries and deregistrations are never held up for longer than a resolution.
    /// The budget is wall-clock time, like the semaphore's wait.
    /// </summary>
    private async Task<bool> TakeSlotAsync(System.Diagnostics.Stopwatch pass, CancellationToken cancellationToken)
    {
        var remaining = _options.Resolution - pass.Elapsed;
        return _slots.Wait(0, CancellationToken.None) || (remaining > TimeSpan.Zero && await _slots.WaitAsync(remaining, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Resolution, _server.Time);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Health scheduling pass failed; retrying on the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    /// <summary>Brings the runners in line with the catalog (new, changed, removed checks) and with ownership.</summary>
    private void Reconcile()
    {
        lock (_reconcileLock)
        {
            var index = _catalog.AnyServiceIndex;
            if (index == _reconciledAt && !_membershipChanged)
            {
                return;
            }

            _membershipChanged = false;
            var now = Now;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in _catalog.AllEntries())
            {
                foreach (var check in entry.Document.Checks)
                {
                    var key = CheckRunner.KeyOf(entry.Instance.Znode, check.CheckId);
                    if (!_ownership.IsMine(key))
                    {
                        continue;
                    }

                    seen.Add(key);
                    if (!_runners.TryGetValue(key, out var runner) || runner.Definition != check with { Status = HealthStatus.Critical, Output = "" })
                    {
                        runner = Create(entry.Instance.Znode, check, now);
                        _runners[key] = runner;
                    }

                    lock (runner)
                    {
                        runner.SessionId = entry.Instance.SessionId;
                        runner.Reported = check.Status;
                        runner.ReportedOutput = check.Output;
                    }
                }
            }

            foreach (var key in _runners.Keys.Where(k => !seen.Contains(k)))
            {
                _runners.TryRemove(key, out _);
            }

            _reconciledAt = index;
        }
    }

    private CheckRunner Create(string znode, Catalog.Documents.CheckDocument check, DateTimeOffset now)
    {
        CheckSpec.TryCreate(check, _options, out var spec, out var error);
        var runner = new CheckRunner(znode, check, spec, error);
        if (spec is not null)
        {
            // Stagger first runs across the interval so checks registered together do not probe together.
            runner.NextDue = now + (spec.Interval * Random.Shared.NextDouble());
            runner.TtlDeadline = now + spec.Ttl;
        }

        return runner;
    }

    private async Task ProbeAsync(CheckRunner runner, CheckSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _probes[spec.Kind].ProbeAsync(spec, cancellationToken);
            ProbeResult? transition;
            lock (runner)
            {
                transition = runner.Observe(result);
            }

            if (transition is not null)
            {
                await WriteAsync(runner, transition);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Probe of check {CheckId} failed unexpectedly", runner.CheckId);
        }
        finally
        {
            lock (runner)
            {
                // A little jitter keeps checks that happen to align from staying aligned.
                runner.NextDue = Now + spec.Interval + (spec.Interval * (Random.Shared.NextDouble() / 20));
                runner.Running = false;
            }

            _slots.Release();
        }
    }

    private async Task WriteAsync(CheckRunner runner, ProbeResult result)
    {
        var output = result.Output.Length > (runner.Spec?.OutputMaxSize ?? _options.DefaultOutputMaxSize)
            ? result.Output[..(runner.Spec?.OutputMaxSize ?? _options.DefaultOutputMaxSize)]
            : result.Output;
        _logger.LogInformation("Check {CheckId} of {Znode}: {From} -> {To}: {Output}", runner.CheckId, runner.Znode, runner.Reported, result.Status, output);
        if (await _registrar.SetCheckStateAsync(runner.Znode, runner.CheckId, result.Status, output))
        {
            lock (runner)
            {
                runner.Reported = result.Status;
                runner.ReportedOutput = output;
            }
        }
    }

    private async Task DeregisterIfCriticalTooLongAsync(CheckRunner runner, CheckSpec spec, DateTimeOffset now)
    {
        if (spec.DeregisterAfter <= TimeSpan.Zero || runner.Reported != HealthStatus.Critical)
        {
            runner.CriticalSince = null;
            return;
        }

        runner.CriticalSince ??= now;
        if (now - runner.CriticalSince < spec.DeregisterAfter || runner.Deregistering)
        {
            return;
        }

        runner.Deregistering = true;
        _logger.LogWarning("Check {CheckId} of {Znode} critical for more than {Limit}; expiring session 0x{SessionId:x}", runner.CheckId, runner.Znode, spec.DeregisterAfter, runner.SessionId);
        var result = runner.SessionId != 0
            ? await _server.Sessions.CloseAsync(runner.SessionId)
            : await _server.WriteAsync(RequestContext.System, new DeleteOp(runner.Znode));
        if (!result.IsSuccess && result.Error is not (ErrorCode.SessionExpired or ErrorCode.NoNode))
        {
            runner.Deregistering = false;
            _logger.LogWarning("Deregistering {Znode} failed: {Error}", runner.Znode, result.Message);
        }
    }
}
