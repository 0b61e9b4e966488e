using System.Text.Json.Serialization;

namespace Registry.Bench.Reporting;

/// <summary>Everything one rest run measured; printed as text and written as JSON.</summary>
/// <param name="Requests">Measured operations (register: whole cycles), successful or not.</param>
/// <param name="Errors">Measured operations that failed.</param>
/// <param name="ErrorsOutsideWindow">Failed requests during setup, warmup and cleanup; they fail the run but are not in the figures.</param>
/// <param name="Throughput">Successful operations per second of the measured window.</param>
/// <param name="Latency">Of successful operations, from first byte sent to last byte read.</param>
/// <param name="Steps">Per request of a multi-request operation (register), successful requests only.</param>
/// <param name="Pipeline">Requests each client keeps in flight on its connection (the ZooKeeper protocol pipelines; HTTP runs use 1).</param>
internal sealed record RunReport(
    string Workload,
    string Unit,
    string Url,
    int Clients,
    int Size,
    int Keys,
    double WarmupSeconds,
    double DurationSeconds,
    long MaxRequests,
    double ElapsedSeconds,
    string StoppedBy,
    long Requests,
    long Errors,
    long ErrorsOutsideWindow,
    double Throughput,
    LatencySummary Latency,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyDictionary<string, long> ErrorsByKind,
    IReadOnlyList<ErrorSample> ErrorSamples,
    int Pipeline = 1)
{
    public bool Failed => Errors > 0 || ErrorsOutsideWindow > 0;
}

internal sealed record StepReport(string Name, LatencySummary Latency);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(RunReport[]))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
