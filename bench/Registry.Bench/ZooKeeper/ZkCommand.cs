using System.Diagnostics;
using System.Net;
using Registry.Bench.Reporting;
using Registry.Tree;

namespace Registry.Bench.ZooKeeper;

/// <summary>
/// <c>registry-bench zk</c>: many sessions, each keeping --pipeline requests in flight on its connection, as
/// closed loops; latency is per request, from send to reply. Works against any ZooKeeper-protocol server.
/// </summary>
internal static class ZkCommand
{
    public static async Task<int> RunAsync(ZkOptions options, CancellationToken interrupt)
    {
        var errors = new ErrorLog();
        var latency = new LatencyHistogram(options.Workload);
        var root = $"/zk-bench-{Guid.NewGuid():N}"[..20];
        var workload = new ZkWorkload(options, root);
        var sessions = new List<ZkConnection>();
        ZkConnection? control = null;
        try
        {
            control = await ZkConnection.OpenAsync(options.Servers[0], options.Timeout);
            await Console.Error.WriteLineAsync($"setting up {options.Workload} under {root} on {Servers(options)}");
            await workload.SetupAsync(control);
            var loops = options.Workload == "register" ? 1 : options.Pipeline;
            for (var i = 0; i < options.Clients; i++)
            {
                sessions.Add(await ZkConnection.OpenAsync(options.Servers[i % options.Servers.Count], options.Timeout));
            }

            await Console.Error.WriteLineAsync(
                $"running {options.Clients} sessions x {loops} in flight for {options.Warmup.TotalSeconds:0.###} s warmup + {options.Duration.TotalSeconds:0.###} s");
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
            var deadline = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            var tallies = await Task.WhenAll(sessions.SelectMany((session, i) => Enumerable.Range(0, loops).Select(slot => Task.Run(() =>
                LoopAsync(workload, session, options.Servers[i % options.Servers.Count], new Random((i * 1000) + slot), measureFrom, deadline, latency, errors, interrupt)))));
            var lastEnd = tallies.Max(t => t.LastEnd);
            var elapsed = lastEnd > measureFrom ? Stopwatch.GetElapsedTime(measureFrom, lastEnd) : TimeSpan.Zero;
            // The control session sat idle through the run, longer than its timeout may be: clean up on a new one.
            await control.DisposeAsync();
            control = await ZkConnection.OpenAsync(options.Servers[0], options.Timeout);
            await workload.CleanUpAsync(control);
            var report = Build(options, workload, tallies.Sum(t => t.Succeeded), tallies.Sum(t => t.Failed), elapsed, interrupt.IsCancellationRequested, latency, errors);
            Console.Write(ReportWriter.Text(report));
            Console.WriteLine(ReportWriter.SummaryLine(report));
            if (options.JsonPath is { } path)
            {
                await ReportWriter.WriteJsonAsync(path, report);
            }

            return report.Failed ? 1 : 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"setup failed: {e.Message}");
            return 3;
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }

            if (control is not null)
            {
                await control.DisposeAsync();
            }
        }
    }

    private static async Task<(long Succeeded, long Failed, long LastEnd)> LoopAsync(
        ZkWorkload workload, ZkConnection session, IPEndPoint server, Random random, long measureFrom, long deadline, LatencyHistogram latency, ErrorLog errors, CancellationToken interrupt)
    {
        long succeeded = 0, failed = 0, lastEnd = 0;
        while (!interrupt.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= deadline)
            {
                break;
            }

            var measured = start >= measureFrom;
            ErrorCode error;
            string detail;
            try
            {
                error = await workload.ExecuteAsync(session, server, random);
                detail = error.ToString();
            }
            catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                errors.Record(measured ? Phase.Measured : Phase.Warmup, workload.Unit, "no response", 0, e.Message);
                failed += measured ? 1 : 0;
                break;
            }

            if (!measured)
            {
                continue;
            }

            lastEnd = Stopwatch.GetTimestamp();
            if (error == ErrorCode.Ok)
            {
                succeeded++;
                latency.RecordElapsed(start, lastEnd);
            }
            else
            {
                failed++;
                errors.Record(Phase.Measured, workload.Unit, $"ZooKeeper {error}", (int)error, detail);
            }
        }

        return (succeeded, failed, lastEnd);
    }

    private static string Servers(ZkOptions o) => string.Join(',', o.Servers.Select(s => s.ToString()));

    private static RunReport Build(ZkOptions o, ZkWorkload workload, long succeeded, long failed, TimeSpan elapsed, bool interrupted, LatencyHistogram latency, ErrorLog errors)
    {
        var seconds = elapsed.TotalSeconds;
        return new RunReport(
            Workload: o.Workload,
            Unit: workload.Unit,
            Url: "zk://" + Servers(o),
            Clients: o.Clients,
            Size: o.Size,
            Keys: o.Keys,
            WarmupSeconds: o.Warmup.TotalSeconds,
            DurationSeconds: o.Duration.TotalSeconds,
            MaxRequests: 0,
            ElapsedSeconds: seconds,
            StoppedBy: interrupted ? "Interrupted" : "Duration",
            Requests: succeeded + failed,
            Errors: failed,
            ErrorsOutsideWindow: errors.Total - errors.Count(Phase.Measured),
            Throughput: seconds > 0 ? succeeded / seconds : 0,
            Latency: latency.Summarise(),
            Steps: [],
            ErrorsByKind: errors.ByKind(),
            ErrorSamples: errors.Samples(),
            Pipeline: o.Workload == "register" ? 1 : o.Pipeline);
    }
}
