using System.Globalization;
using Registry.Bench.Cli;
using Registry.Bench.Reporting;

namespace Registry.Bench.Commands;

/// <summary>
/// <c>registry-bench compare-reads</c>: the get workload against the baseline and then the registry
/// with identical settings, and the registry's figures as a fraction or multiple of the baseline's.
/// </summary>
internal static class CompareReadsCommand
{
    internal static readonly HashSet<string> ValueOptions =
        [.. RestOptions.ValueOptions.Except(["url", "workload"]), "registry", "baseline"];

    public const string Usage = """
        registry-bench compare-reads [--registry URL] [--baseline URL] [rest options except --url, --workload]
          runs --workload get against the baseline (default http://127.0.0.1:8599), then the registry
          (default http://127.0.0.1:8500); --json writes both reports as an array
        """;

    public static async Task<int> RunAsync(ArgReader args, CancellationToken interrupt)
    {
        var registry = RestOptions.Parse(args, fixedWorkload: "get", urlOption: "registry");
        var baseline = registry with { Url = RestOptions.ParseLoopbackUrl("baseline", args.String("baseline", "http://127.0.0.1:8599")) };

        var reports = new List<RunReport>();
        foreach (var options in new[] { baseline, registry })
        {
            if (await RestCommand.MeasureAsync(options, interrupt) is not { } report)
            {
                return RestCommand.ExitSetupFailed;
            }

            Console.Write(ReportWriter.Text(report));
            Console.WriteLine(ReportWriter.SummaryLine(report));
            reports.Add(report);
        }

        var (b, r) = (reports[0], reports[1]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"COMPARE throughput_ratio={Ratio(r.Throughput, b.Throughput):0.000} p50_ratio={Ratio(r.Latency.P50, b.Latency.P50):0.00} p99_ratio={Ratio(r.Latency.P99, b.Latency.P99):0.00}"));
        if (registry.JsonPath is { } path)
        {
            await ReportWriter.WriteJsonAsync(path, [.. reports]);
        }

        return reports.Any(report => report.Failed) ? RestCommand.ExitErrors : RestCommand.ExitOk;
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : double.NaN;
}
