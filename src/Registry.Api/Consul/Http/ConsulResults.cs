using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Registry.Api.Consul.Http;

/// <summary>Consul's answer conventions: JSON bodies (indented with ?pretty), plain-text errors, empty 200s for agent writes.</summary>
public static class ConsulResults
{
    // Consul writes quotes and apostrophes as they are; output and notes are read by people.
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = Compact with { Indented = true };

    public static IResult Json<T>(HttpContext http, T value, JsonTypeInfo<T> type) =>
        new JsonBody<T>(value, type, http.Request.Query.ContainsKey("pretty"));

    public static IResult Text(int status, string message) => TypedResults.Text(message, "text/plain; charset=utf-8", statusCode: status);

    public static IResult BadRequest(string message) => Text(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Text(StatusCodes.Status404NotFound, message);

    public static IResult Error(string message) => Text(StatusCodes.Status500InternalServerError, message);

    /// <summary>200 with an empty body (agent writes).</summary>
    public static IResult Ok() => TypedResults.Ok();

    private sealed class JsonBody<T>(T value, JsonTypeInfo<T> type, bool pretty) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, pretty ? Indented : Compact);
            JsonSerializer.Serialize(writer, value, type);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}
