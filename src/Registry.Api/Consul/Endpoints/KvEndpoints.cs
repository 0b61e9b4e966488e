using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Api.Consul.Kv;
using Registry.Api.Http;
using Registry.Server;

namespace Registry.Api.Consul.Endpoints;

/// <summary>/v1/kv/{key}: Consul's key/value store (recurse, keys, raw, flags, cas, acquire/release; blocking reads).</summary>
public static class KvEndpoints
{
    /// <summary>Consul's value limit.</summary>
    public const int MaxValueBytes = 512 * 1024;

    private const string Prefix = "/v1/kv/";

    public static RouteGroupBuilder MapConsulKv(this RouteGroupBuilder consul)
    {
        consul.MapGet("/kv/{**key}", GetAsync).WithSummary("Read a key, a prefix (?recurse) or key names (?keys) (Consul; blocking)");
        consul.MapPut("/kv/{**key}", PutAsync).WithSummary("Write a key (?flags, ?cas, ?acquire, ?release) (Consul)");
        consul.MapDelete("/kv/{**key}", DeleteAsync).WithSummary("Delete a key or a prefix (?recurse, ?cas) (Consul)");
        return consul;
    }

    private static async Task<IResult> GetAsync(HttpContext http, RegistryServer server, KvStore store, KvWatch watch, string? key)
    {
        key = KeyOf(http, key);
        var query = http.Request.Query;
        var listKeys = query.ContainsKey("keys");
        var recurse = query.ContainsKey("recurse") || listKeys;
        var topic = recurse ? KvWatch.PrefixTopic(key) : KvWatch.KeyTopic(key);
        var (_, error) = await BlockingQuery.WaitAsync(http, server, watch.Signals, topic, () => watch.LastChange);
        if (error is not null)
        {
            return error;
        }

        if (listKeys)
        {
            var separator = query["separator"].ToString();
            var keys = store.Keys(key)
                .Select(k => separator.Length > 0 && k.IndexOf(separator, key.Length, StringComparison.Ordinal) is var at and >= 0 ? k[..(at + separator.Length)] : k)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return keys.Count == 0 ? TypedResults.NotFound() : ConsulResults.Json(http, keys, ConsulJsonContext.Default.ListString);
        }

        if (recurse)
        {
            var entries = store.Keys(key).Select(store.Get).OfType<KvEntryDto>().ToList();
            return entries.Count == 0 ? TypedResults.NotFound() : ConsulResults.Json(http, entries, ConsulJsonContext.Default.ListKvEntryDto);
        }

        if (query.ContainsKey("raw"))
        {
            return store.GetRaw(key) is { } raw ? TypedResults.Bytes(raw, "application/octet-stream") : TypedResults.NotFound();
        }

        return store.Get(key) is { } entry ? ConsulResults.Json(http, [entry], ConsulJsonContext.Default.ListKvEntryDto) : TypedResults.NotFound();
    }

    private static async Task<IResult> PutAsync(HttpContext http, KvStore store, string? key)
    {
        key = KeyOf(http, key);
        if (string.IsNullOrEmpty(key))
        {
            return ConsulResults.BadRequest("Missing key name");
        }

        var query = http.Request.Query;
        if (!TryNumber(query, "flags", out var flags) || !TryNumber(query, "cas", out var cas))
        {
            return ConsulResults.BadRequest("Invalid flags or cas: must be an unsigned integer");
        }

        var acquire = 0L;
        var release = 0L;
        if ((query.ContainsKey("acquire") && !ConsulSessionIds.TryParse(query["acquire"], out acquire))
            || (query.ContainsKey("release") && !ConsulSessionIds.TryParse(query["release"], out release)))
        {
            return ConsulResults.BadRequest("Invalid session: must be a UUID");
        }

        if (query.ContainsKey("acquire") && query.ContainsKey("release"))
        {
            return ConsulResults.BadRequest("Conflicting flags: acquire and release");
        }

        if ((query.ContainsKey("acquire") && acquire == 0) || (query.ContainsKey("release") && release == 0))
        {
            return ConsulResults.Error($"Invalid session \"{query["acquire"]}{query["release"]}\"");
        }

        if (http.Request.ContentLength > MaxValueBytes)
        {
            return ConsulResults.Text(StatusCodes.Status413PayloadTooLarge, $"Request body (KV value) too large: the limit is {MaxValueBytes} bytes");
        }

        var value = await BodyReader.ReadAsync(http.Request, MaxValueBytes, http.RequestAborted);
        var written = await store.PutAsync(key, value, flags ?? 0, cas, acquire, release);
        return ConsulResults.Json(http, written, ConsulJsonContext.Default.Boolean);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, KvStore store, string? key)
    {
        var query = http.Request.Query;
        if (!TryNumber(query, "cas", out var cas))
        {
            return ConsulResults.BadRequest("Invalid cas: must be an unsigned integer");
        }

        var deleted = await store.DeleteAsync(KeyOf(http, key), query.ContainsKey("recurse"), cas);
        return ConsulResults.Json(http, deleted, ConsulJsonContext.Default.Boolean);
    }

    /// <summary>
    /// The key as Consul reads it: the fully decoded path after /v1/kv/. Routing leaves %2F encoded in
    /// catch-all values, and clients encode '/' in keys, so the raw request target is decoded here.
    /// </summary>
    private static string KeyOf(HttpContext http, string? routed)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // Hosts without a raw target (in-memory test hosts): routing decoded everything but '/'.
            return (routed ?? "").Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        var end = raw.IndexOf('?', StringComparison.Ordinal);
        return Uri.UnescapeDataString(end < 0 ? raw[Prefix.Length..] : raw[Prefix.Length..end]);
    }

    private static bool TryNumber(IQueryCollection query, string name, out ulong? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }
}
