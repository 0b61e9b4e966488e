using System.Text.Json.Serialization;

namespace Registry.Api.Consul.Contracts;

/// <summary>An AgentService (GET /v1/agent/services, /v1/agent/service/{id}, and Service in health entries).</summary>
public sealed record AgentServiceDto(
    [property: JsonPropertyName("ID")] string Id,
    string Service,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Meta,
    int Port,
    string Address,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    WeightsDto Weights,
    bool EnableTagOverride,
    string Datacenter,
    long CreateIndex,
    long ModifyIndex,
    string? ContentHash = null);

public sealed record HealthCheckDto(
    string Node,
    [property: JsonPropertyName("CheckID")] string CheckId,
    string Name,
    string Status,
    string Notes,
    string Output,
    [property: JsonPropertyName("ServiceID")] string ServiceId,
    string ServiceName,
    IReadOnlyList<string> ServiceTags,
    string Type,
    string Interval,
    string Timeout,
    long CreateIndex,
    long ModifyIndex);

public sealed record CatalogServiceDto(
    [property: JsonPropertyName("ID")] string Id,
    string Node,
    string Address,
    string Datacenter,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    IReadOnlyDictionary<string, string> NodeMeta,
    string ServiceKind,
    [property: JsonPropertyName("ServiceID")] string ServiceId,
    string ServiceName,
    IReadOnlyList<string> ServiceTags,
    string ServiceAddress,
    WeightsDto ServiceWeights,
    IReadOnlyDictionary<string, string> ServiceMeta,
    int ServicePort,
    bool ServiceEnableTagOverride,
    long CreateIndex,
    long ModifyIndex);

public sealed record NodeDto(
    [property: JsonPropertyName("ID")] string Id,
    string Node,
    string Address,
    string Datacenter,
    IReadOnlyDictionary<string, string> TaggedAddresses,
    IReadOnlyDictionary<string, string> Meta,
    long CreateIndex,
    long ModifyIndex);

public sealed record ServiceEntryDto(NodeDto Node, AgentServiceDto Service, IReadOnlyList<HealthCheckDto> Checks);

public sealed record KvEntryDto(
    long CreateIndex,
    long ModifyIndex,
    ulong LockIndex,
    string Key,
    ulong Flags,
    string? Value,
    string? Session);

/// <summary>PUT /v1/session/create body.</summary>
public sealed record SessionRequestDto
{
    public string? Name { get; init; }

    public string? Node { get; init; }

    public string? LockDelay { get; init; }

    public string? Behavior { get; init; }

    [JsonPropertyName("TTL")]
    public string? Ttl { get; init; }

    public List<string>? Checks { get; init; }

    public List<string>? NodeChecks { get; init; }
}

public sealed record SessionCreatedDto([property: JsonPropertyName("ID")] string Id);

public sealed record ConsulSessionDto(
    [property: JsonPropertyName("ID")] string Id,
    string Name,
    string Node,
    long LockDelay,
    string Behavior,
    [property: JsonPropertyName("TTL")] string Ttl,
    IReadOnlyList<string> NodeChecks,
    long CreateIndex,
    long ModifyIndex);
