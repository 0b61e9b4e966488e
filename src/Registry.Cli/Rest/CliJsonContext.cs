using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Cli.Rest;

/// <summary>Source-generated JSON for the answers the CLI reads (camelCase, as the server writes them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(ChildrenDto))]
[JsonSerializable(typeof(WrittenDto))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(EventsDto))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(ProblemDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
