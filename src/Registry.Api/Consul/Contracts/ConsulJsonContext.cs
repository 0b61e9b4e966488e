using System.Text.Json.Serialization;

namespace Registry.Api.Consul.Contracts;

/// <summary>Consul's JSON: PascalCase names as declared, keys read case-insensitively, nulls omitted.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceRegistrationDto))]
[JsonSerializable(typeof(CheckDefinitionDto))]
[JsonSerializable(typeof(CheckUpdateDto))]
[JsonSerializable(typeof(Dictionary<string, AgentServiceDto>))]
[JsonSerializable(typeof(AgentServiceDto))]
[JsonSerializable(typeof(Dictionary<string, HealthCheckDto>))]
[JsonSerializable(typeof(List<HealthCheckDto>))]
[JsonSerializable(typeof(List<CatalogServiceDto>))]
[JsonSerializable(typeof(List<NodeDto>))]
[JsonSerializable(typeof(List<ServiceEntryDto>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSerializable(typeof(List<KvEntryDto>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(SessionRequestDto))]
[JsonSerializable(typeof(SessionCreatedDto))]
[JsonSerializable(typeof(List<ConsulSessionDto>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
