using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Api.Consul.Contracts;

/// <summary>The body of PUT /v1/agent/service/register (Consul's AgentServiceRegistration).</summary>
public sealed record ServiceRegistrationDto
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public string? Name { get; init; }

    public List<string>? Tags { get; init; }

    public string? Address { get; init; }

    public int Port { get; init; }

    public Dictionary<string, string>? Meta { get; init; }

    public WeightsDto? Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public string? Kind { get; init; }

    public CheckDefinitionDto? Check { get; init; }

    public List<CheckDefinitionDto>? Checks { get; init; }
}

/// <summary>A check in a registration (Consul's AgentServiceCheck / CheckRegistration).</summary>
public sealed record CheckDefinitionDto
{
    [JsonPropertyName("CheckID")]
    public string? CheckId { get; init; }

    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Notes { get; init; }

    public string? Status { get; init; }

    [JsonPropertyName("TTL")]
    public string? Ttl { get; init; }

    [JsonPropertyName("HTTP")]
    public string? Http { get; init; }

    public string? Method { get; init; }

    public Dictionary<string, List<string>>? Header { get; init; }

    public string? Body { get; init; }

    [JsonPropertyName("TLSSkipVerify")]
    public bool TlsSkipVerify { get; init; }

    [JsonPropertyName("TCP")]
    public string? Tcp { get; init; }

    [JsonPropertyName("GRPC")]
    public string? Grpc { get; init; }

    [JsonPropertyName("GRPCUseTLS")]
    public bool GrpcUseTls { get; init; }

    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public int SuccessBeforePassing { get; init; }

    public int FailuresBeforeWarning { get; init; }

    public int FailuresBeforeCritical { get; init; }

    public string? DeregisterCriticalServiceAfter { get; init; }

    public int OutputMaxSize { get; init; }

    /// <summary>Script, Docker, H2PING and alias checks are not run here; their presence is refused.</summary>
    public JsonElement? Args { get; init; }

    [JsonPropertyName("DockerContainerID")]
    public string? DockerContainerId { get; init; }

    [JsonPropertyName("H2PING")]
    public string? H2Ping { get; init; }

    public string? AliasService { get; init; }
}

public sealed record WeightsDto(int Passing, int Warning);

/// <summary>PUT /v1/agent/check/update body.</summary>
public sealed record CheckUpdateDto(string? Status, string? Output);
