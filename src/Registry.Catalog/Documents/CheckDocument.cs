using System.Text.Json.Serialization;
using Registry.Catalog.Model;

namespace Registry.Catalog.Documents;

/// <summary>
/// A check's definition and its current state, inside its instance's document. The state (<see cref="Status"/>,
/// <see cref="Output"/>) is rewritten only when it changes, never once per probe.
/// </summary>
public sealed record CheckDocument
{
    [JsonPropertyName("CheckID")]
    public string CheckId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Notes { get; set; } = "";

    /// <summary>ttl, http, tcp or grpc.</summary>
    public string Type { get; set; } = "";

    [JsonPropertyName("HTTP")]
    public string? Http { get; set; }

    public string? Method { get; set; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Header { get; set; }

    public string? Body { get; set; }

    [JsonPropertyName("TLSSkipVerify")]
    public bool TlsSkipVerify { get; set; }

    [JsonPropertyName("TCP")]
    public string? Tcp { get; set; }

    [JsonPropertyName("GRPC")]
    public string? Grpc { get; set; }

    [JsonPropertyName("TTL")]
    public string? Ttl { get; set; }

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public int SuccessBeforePassing { get; set; }

    public int FailuresBeforeWarning { get; set; }

    public int FailuresBeforeCritical { get; set; }

    public string? DeregisterCriticalServiceAfter { get; set; }

    public int OutputMaxSize { get; set; }

    [JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
    public HealthStatus Status { get; set; } = HealthStatus.Critical;

    public string Output { get; set; } = "";
}
