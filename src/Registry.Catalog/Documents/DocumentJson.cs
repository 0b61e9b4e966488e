using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Catalog.Documents;

/// <summary>Source-generated JSON for the documents the catalog keeps in znodes.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(InstanceDocument))]
[JsonSerializable(typeof(SessionDocument))]
public sealed partial class DocumentJson : JsonSerializerContext
{
    public static byte[] Serialize(InstanceDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Default.InstanceDocument);

    /// <summary>Parses an instance document; null with the reason when it is not one.</summary>
    public static InstanceDocument? TryParseInstance(ReadOnlySpan<byte> data, out string? error)
    {
        try
        {
            var document = JsonSerializer.Deserialize(data, Default.InstanceDocument);
            error = document is null ? "the document is null" : null;
            return document;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }
}
