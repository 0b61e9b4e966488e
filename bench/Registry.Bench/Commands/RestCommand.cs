using Registry.Bench.Cli;
using Registry.Bench.Load;
using Registry.Bench.Reporting;
using Registry.Bench.Transport;
using Registry.Bench.Workloads;

namespace Registry.Bench.Commands;

/// <summary><c>registry-bench rest</c>: set up, drive load, clean up, report.</summary>
internal static class RestCommand
{
    public const int ExitOk = 0;
    public const int ExitErrors = 1;
    public const int ExitSetupFailed = 3;

    /// <summary>Recursive delete of a big create run can take far longer than one ordinary request.</summary>
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(RestOptions options, CancellationToken interrupt)
    {
        var report = await MeasureAsync(options, interrupt);
        if (report is null)
        {
            return ExitSetupFailed;
        }

        Console.Write(ReportWriter.Text(report));
        Console.WriteLine(ReportWriter.SummaryLine(report));
        if (options.JsonPath is { } path)
        {
            await ReportWriter.WriteJsonAsync(path, report);
        }

        return report.Failed ? ExitErrors : ExitOk;
    }

    /// <returns>The report, or null when setup failed (the failures are printed).</returns>
    public static async Task<RunReport?> MeasureAsync(RestOptions options, CancellationToken interrupt)
    {
        var errors = new ErrorLog();
        using var transport = new RegistryTransport(options.Url, options.Clients, options.Timeout, errors);
        var prefix = new RunPrefix();
        var workload = WorkloadFactory.Create(options.Workload, transport, prefix, options.Size, options.Keys);
        using var cleaner = new VirtualClient(transport, -1, [], CleanupTimeout) { Phase = Phase.Cleanup };
        var steps = workload.Steps.Select(name => new LatencyHistogram(name)).ToArray();
        var clients = Enumerable.Range(0, options.Clients).Select(id => new VirtualClient(transport, id, steps)).ToArray();
        try
        {
            await Console.Error.WriteLineAsync($"setting up {options.Workload} under {prefix.Path} on {options.Url}");
            if (!await workload.SetupAsync(clients))
            {
                await Console.Error.WriteLineAsync("setup failed:");
                foreach (var sample in errors.Samples())
                {
                    await Console.Error.WriteLineAsync("  " + ReportWriter.Describe(sample));
                }

                await CleanUpAsync(options, workload, prefix, cleaner);
                return null;
            }

            await Console.Error.WriteLineAsync(
                $"running {options.Clients} clients for {options.Warmup.TotalSeconds:0.###} s warmup + {options.Duration.TotalSeconds:0.###} s");
            var latency = new LatencyHistogram(options.Workload);
            var result = await new LoadRunner(workload, latency, options.Warmup, options.Duration, options.MaxRequests)
                .RunAsync(clients, interrupt);
            await CleanUpAsync(options, workload, prefix, cleaner);
            return Build(options, workload, result, latency, steps, errors);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task CleanUpAsync(RestOptions options, IWorkload workload, RunPrefix prefix, VirtualClient cleaner)
    {
        if (!options.Keep)
        {
            await workload.CleanupAsync(cleaner);
        }

        if (options.Keep)
        {
            await Console.Error.WriteLineAsync($"kept {prefix.Path}");
        }
        else
        {
            await prefix.DeleteAsync(cleaner);
        }
    }

    private static RunReport Build(
        RestOptions o, IWorkload workload, LoadResult result, LatencyHistogram latency, LatencyHistogram[] steps, ErrorLog errors)
    {
        var seconds = result.Elapsed.TotalSeconds;
        return new RunReport(
            Workload: o.Workload,
            Unit: workload.Unit,
            Url: o.Url.GetLeftPart(UriPartial.Authority),
            Clients: o.Clients,
            Size: o.Size,
            Keys: o.Keys,
            WarmupSeconds: o.Warmup.TotalSeconds,
            DurationSeconds: o.Duration.TotalSeconds,
            MaxRequests: o.MaxRequests,
            ElapsedSeconds: seconds,
            StoppedBy: result.StoppedBy.ToString(),
            Requests: result.Succeeded + result.Failed,
            Errors: result.Failed,
            ErrorsOutsideWindow: errors.Total - errors.Count(Phase.Measured),
            Throughput: seconds > 0 ? result.Succeeded / seconds : 0,
            Latency: latency.Summarise(),
            Steps: [.. steps.Select(s => new StepReport(s.Name, s.Summarise()))],
            ErrorsByKind: errors.ByKind(),
            ErrorSamples: errors.Samples());
    }
}
