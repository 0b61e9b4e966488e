using System.Text.Json;
using System.Text.Json.Serialization;
using Registry.Api.Contracts;

namespace Registry.Bench.Baseline;

/// <summary>
/// The server's own reply contracts, source-generated as the server does it, so the baseline's
/// serialisation cost is the floor for exactly the JSON the registry sends.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(WrittenDto))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(StatusDto))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
