using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Api.Contracts;

/// <summary>Source-generated JSON for every contract: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(ChildrenDto))]
[JsonSerializable(typeof(WrittenDto))]
[JsonSerializable(typeof(AclDto))]
[JsonSerializable(typeof(List<AclEntryDto>))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(List<SessionDto>))]
[JsonSerializable(typeof(EventsDto))]
[JsonSerializable(typeof(List<MultiOpDto>))]
[JsonSerializable(typeof(MultiResponseDto))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(ProblemDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
