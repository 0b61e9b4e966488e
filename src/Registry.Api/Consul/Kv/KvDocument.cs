using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Api.Consul.Kv;

/// <summary>A KV entry's znode data: the value with Consul's flags and lock index (JSON, value base64).</summary>
public sealed record KvDocument(ulong Flags, ulong LockIndex, byte[]? Value)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, KvJsonContext.Default.KvDocument);

    /// <summary>Reads an entry; data written by other clients that is not a KV document is served as a raw value.</summary>
    public static KvDocument Parse(byte[] data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, KvJsonContext.Default.KvDocument) ?? new KvDocument(0, 0, data);
        }
        catch (JsonException)
        {
            return new KvDocument(0, 0, data);
        }
    }
}

[JsonSerializable(typeof(KvDocument))]
internal sealed partial class KvJsonContext : JsonSerializerContext;
