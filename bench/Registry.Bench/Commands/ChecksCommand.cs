using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Bench.Cli;

namespace Registry.Bench.Commands;

/// <summary>
/// <c>registry-bench consul-checks</c>: the standing cost of active health checking. Registers many instances whose
/// HTTP checks point at a loopback target this command serves, waits until every check passes, then reads the
/// server's CPU time and resident memory from /proc over a window while the checks keep running.
/// </summary>
internal static class ChecksCommand
{
    internal static readonly HashSet<string> ValueOptions = ["url", "instances", "interval", "duration", "server-pid"];

    public const string Usage = """
        registry-bench consul-checks --server-pid PID [--url http://127.0.0.1:8500] [--instances 10000]
                                     [--interval 10s] [--duration 60s]
          registers --instances instances of one service, each with an HTTP check every --interval against a
          loopback target served here; once all pass, reports the server's CPU (from /proc/PID/stat), resident
          memory and threads over --duration, and the probes the target received; deregisters everything after
        """;

    private const string Service = "checks-bench";
    private const int RegisterConcurrency = 32;

    public static async Task<int> RunAsync(ArgReader args, CancellationToken interrupt)
    {
        var url = RestOptions.ParseLoopbackUrl("url", args.String("url", "http://127.0.0.1:8500"));
        var instances = (int)args.Integer("instances", 10_000, 1, 50_000);
        var interval = args.Duration("interval", TimeSpan.FromSeconds(10));
        var duration = args.Duration("duration", TimeSpan.FromSeconds(60));
        var pid = (int)args.Integer("server-pid", 0, 1, int.MaxValue);
        if (!File.Exists($"/proc/{pid}/stat"))
        {
            throw new UsageException($"--server-pid {pid}: no such process");
        }

        var probes = 0L;
        await using var target = await StartTargetAsync(() => Interlocked.Increment(ref probes));
        var health = $"http://127.0.0.1:{PortOf(target)}/health";
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var registering = TimeProvider.System.GetTimestamp();
            await Parallel.ForAsync(0, instances, new ParallelOptions { MaxDegreeOfParallelism = RegisterConcurrency, CancellationToken = interrupt }, async (i, ct) =>
                await PutAsync(http, "/v1/agent/service/register", $$$"""{"Name":"{{{Service}}}","ID":"{{{Service}}}-{{{i}}}","Port":{{{1024 + (i % 60000)}}},"Check":{"HTTP":"{{{health}}}","Interval":"{{{(int)interval.TotalSeconds}}}s","Timeout":"5s"}}""", ct));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registered {instances} instances in {TimeProvider.System.GetElapsedTime(registering).TotalSeconds:0.0} s"));

            // Checks start critical; each passes after its first probe, within one interval plus jitter.
            var deadline = TimeProvider.System.GetTimestamp();
            while (await PassingAsync(http, interrupt) < instances)
            {
                if (TimeProvider.System.GetElapsedTime(deadline) > (3 * interval) + TimeSpan.FromMinutes(1))
                {
                    await Console.Error.WriteLineAsync($"registry-bench: not every check passed within {(3 * interval) + TimeSpan.FromMinutes(1)}");
                    return RestCommand.ExitSetupFailed;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), interrupt);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {instances} checks passing after {TimeProvider.System.GetElapsedTime(deadline).TotalSeconds:0.0} s"));
            var before = ProcessSample.Read(pid);
            var probesBefore = Interlocked.Read(ref probes);
            await Task.Delay(duration, interrupt);
            var after = ProcessSample.Read(pid);
            var seconds = (after.Wall - before.Wall).TotalSeconds;
            var cpu = (after.CpuSeconds - before.CpuSeconds) / seconds;
            var rate = (Interlocked.Read(ref probes) - probesBefore) / seconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{instances} HTTP checks every {interval.TotalSeconds:0} s over {seconds:0.0} s: server CPU {cpu * 100:0.0}% of one core, {rate:0} probes/s received (expected {instances / interval.TotalSeconds:0}), RSS {after.RssMiB:0} MiB, {after.Threads} threads"));
            return rate >= 0.9 * instances / interval.TotalSeconds ? RestCommand.ExitOk : RestCommand.ExitErrors;
        }
        finally
        {
            await Parallel.ForAsync(0, instances, new ParallelOptions { MaxDegreeOfParallelism = RegisterConcurrency }, async (i, ct) =>
                await PutAsync(http, $"/v1/agent/service/deregister/{Service}-{i}", null, ct));
        }
    }

    private static async Task<WebApplication> StartTargetAsync(Action probed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/health", () =>
        {
            probed();
            return Results.Text("ok");
        });
        await app.StartAsync();
        return app;
    }

    private static int PortOf(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;

    private static async Task<int> PassingAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/v1/health/service/{Service}?passing", ct);
        response.EnsureSuccessStatusCode();
        using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return json.RootElement.GetArrayLength();
    }

    private static async Task PutAsync(HttpClient http, string path, string? json, CancellationToken ct)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(path, content, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A process's CPU time, resident memory and threads from /proc, with the moment they were read.</summary>
    private sealed record ProcessSample(DateTimeOffset Wall, double CpuSeconds, double RssMiB, int Threads)
    {
        // USER_HZ: the unit of utime/stime in /proc/PID/stat on Linux.
        private const double ClockTicksPerSecond = 100;

        public static ProcessSample Read(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name (which may contain spaces): state is field 3.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var threads = int.Parse(fields[17], CultureInfo.InvariantCulture);
            var rssPages = long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1], CultureInfo.InvariantCulture);
            return new ProcessSample(DateTimeOffset.UtcNow, ticks / ClockTicksPerSecond, rssPages * Environment.SystemPageSize / (1024.0 * 1024.0), threads);
        }
    }
}
