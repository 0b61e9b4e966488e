using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Registry.Api.Tests.Consul;

/// <summary>Thin helpers for calling the Consul endpoints the way Consul clients do.</summary>
public static class ConsulClient
{
    public static async Task<HttpResponseMessage> PutAsync(this HttpClient client, string path, string? body = null) =>
        await client.PutAsync(path, new StringContent(body ?? "", Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static long ConsulIndex(this HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Consul-Index").Single(), CultureInfo.InvariantCulture);

    /// <summary>Asserts Consul's error convention: the status code and a plain-text body containing the reason.</summary>
    public static async Task AssertTextErrorAsync(this HttpResponseMessage response, int status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }
}
