using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Registry.Bench.Reporting;

/// <summary>Renders a <see cref="RunReport"/> for people, for grep, and for files.</summary>
internal static class ReportWriter
{
    /// <summary>The multi-line report for a person reading the terminal.</summary>
    public static string Text(RunReport r)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var load = r.Workload switch
        {
            "get" or "set" => $"{r.Size} B payload, {r.Keys} keys",
            "create" => $"{r.Size} B payload",
            _ => "~200 B instance record",
        };
        var clients = r.Pipeline > 1 ? $"{r.Clients} clients x {r.Pipeline} pipelined" : $"{r.Clients} clients";
        text.AppendLine(inv, $"workload {r.Workload} against {r.Url}: {clients}, {load}");
        text.AppendLine(inv, $"  window      {r.ElapsedSeconds:0.000} s measured after {r.WarmupSeconds:0.###} s warmup (stopped by {r.StoppedBy})");
        text.AppendLine(inv, $"  {r.Unit + "s",-12}{r.Requests} ({r.Errors} failed)");
        text.AppendLine(inv, $"  throughput  {r.Throughput:0.0} {r.Unit}s/s");
        text.AppendLine(inv, $"  latency ms  {Latency(r.Latency)}");
        foreach (var step in r.Steps)
        {
            text.AppendLine(inv, $"    {step.Name,-16}{Latency(step.Latency)}");
        }

        if (r.ErrorsOutsideWindow > 0)
        {
            text.AppendLine(inv, $"  {r.ErrorsOutsideWindow} request(s) failed during setup, warmup or cleanup");
        }

        if (r.ErrorsByKind.Count > 0)
        {
            text.AppendLine(inv, $"  failed requests by kind: {string.Join(", ", r.ErrorsByKind.Select(e => $"{e.Key} x{e.Value}"))}");
            foreach (var sample in r.ErrorSamples)
            {
                text.AppendLine(inv, $"    [{sample.Phase}] {Describe(sample)}");
            }
        }

        return text.ToString();
    }

    /// <summary>One line of space-separated key=value pairs, stable for scripts to grep and split.</summary>
    public static string SummaryLine(RunReport r) => string.Create(
        CultureInfo.InvariantCulture,
        $"RESULT workload={r.Workload} url={r.Url} clients={r.Clients} size={r.Size} unit={r.Unit} requests={r.Requests} errors={r.Errors} errors_other={r.ErrorsOutsideWindow} elapsed_s={r.ElapsedSeconds:0.000} throughput={r.Throughput:0.0} p50_ms={r.Latency.P50:0.000} p90_ms={r.Latency.P90:0.000} p99_ms={r.Latency.P99:0.000} p999_ms={r.Latency.P999:0.000} max_ms={r.Latency.Max:0.000}");

    public static string Describe(ErrorSample sample) =>
        $"{sample.Request} -> {(sample.Status == 0 ? "no response" : sample.Status.ToString(CultureInfo.InvariantCulture))}: {sample.Detail}";

    public static async Task WriteJsonAsync(string path, RunReport report)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, ReportJsonContext.Default.RunReport);
    }

    public static async Task WriteJsonAsync(string path, RunReport[] reports)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, reports, ReportJsonContext.Default.RunReportArray);
    }

    private static string Latency(LatencySummary l) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {l.P50:0.000}  p90 {l.P90:0.000}  p99 {l.P99:0.000}  p99.9 {l.P999:0.000}  max {l.Max:0.000}  mean {l.Mean:0.000}  (n={l.Count})");
}
