using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using static System.FormattableString;

namespace Registry.Cli.Rest;

/// <summary>
/// The native REST API as the CLI uses it. Error answers become <see cref="RegistryApiException"/>;
/// an unreachable server surfaces as <see cref="HttpRequestException"/>, a silent one as <see cref="TimeoutException"/>.
/// </summary>
internal sealed class RegistryHttpClient : IDisposable
{
    private const string SessionHeader = "X-Registry-Session";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // Timeouts are per request (a long poll needs longer than a read), so the client-wide one is off.
    private readonly HttpClient _http;

    public RegistryHttpClient(Uri server)
    {
        Address = server.ToString().TrimEnd('/');
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The server's address as the user would write it.</summary>
    public string Address { get; }

    public Task<StatusDto> GetStatusAsync(CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/status"), CliJsonContext.Default.StatusDto, RequestTimeout, ct);

    public Task<NodeDto> GetNodeAsync(string path, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, ZnodeUri(path)), CliJsonContext.Default.NodeDto, RequestTimeout, ct);

    public Task<ChildrenDto> GetChildrenAsync(string path, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, ZnodeUri(path) + "?children"), CliJsonContext.Default.ChildrenDto, RequestTimeout, ct);

    /// <param name="mode">One of the API's ?mode= names (persistent, ephemeral_sequential, ...).</param>
    /// <param name="session">Hex session id that owns an ephemeral node.</param>
    public Task<WrittenDto> CreateAsync(string path, byte[] data, string mode, long? ttlMs, string? session, CancellationToken ct)
    {
        var uri = ZnodeUri(path) + Query("mode=" + mode, ttlMs is { } ttl ? Invariant($"ttl={ttl}") : null);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = Octets(data) };
        if (session is not null)
        {
            request.Headers.Add(SessionHeader, session);
        }

        return SendAsync(request, CliJsonContext.Default.WrittenDto, RequestTimeout, ct);
    }

    public Task<WrittenDto> SetAsync(string path, byte[] data, int? version, CancellationToken ct)
    {
        var uri = ZnodeUri(path) + Query(VersionParameter(version));
        var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = Octets(data) };
        return SendAsync(request, CliJsonContext.Default.WrittenDto, RequestTimeout, ct);
    }

    public async Task DeleteAsync(string path, int? version, bool recursive, CancellationToken ct)
    {
        var uri = ZnodeUri(path) + Query(VersionParameter(version), recursive ? "recursive=true" : null);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, uri), RequestTimeout, ct);
    }

    /// <summary>Opens a session with the server's default timeout (an empty body asks for it).</summary>
    public Task<SessionDto> CreateSessionAsync(CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/sessions"), CliJsonContext.Default.SessionDto, RequestTimeout, ct);

    /// <param name="index">Changes after this zxid, waiting up to <paramref name="wait"/>; null: just the current index.</param>
    public Task<EventsDto> GetEventsAsync(string path, bool recursive, long? index, TimeSpan wait, CancellationToken ct)
    {
        var uri = "v1/events" + Query(
            "path=" + Uri.EscapeDataString(path),
            recursive ? "recursive=true" : null,
            index is { } i ? Invariant($"index={i}&wait={(long)wait.TotalMilliseconds}ms") : null);
        // The server may add up to wait/16 of jitter to a long poll before it answers.
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), CliJsonContext.Default.EventsDto, wait + (wait / 8) + RequestTimeout, ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, TimeSpan timeout, CancellationToken ct)
    {
        using var response = await SendAsync(request, timeout, ct);
        return await response.Content.ReadFromJsonAsync(type, ct)
            ?? throw new RegistryApiException("BadResponse", $"{request.RequestUri} answered an empty body");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{Address} did not answer within {timeout.TotalSeconds:0} s");
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorOf(response, ct);
            }
        }

        return response;
    }

    private static async Task<RegistryApiException> ErrorOf(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync(CliJsonContext.Default.ProblemDto, ct) is { Code: { } code } problem)
                {
                    return new RegistryApiException(code, problem.Detail ?? response.ReasonPhrase ?? "");
                }
            }
            catch (JsonException)
            {
                // Not a problem body after all: report the HTTP status below.
            }
        }

        return new RegistryApiException(Invariant($"HTTP {(int)response.StatusCode}"), response.ReasonPhrase ?? "");
    }

    /// <summary>The znode path travels as the URL path after /v1/znodes, each segment escaped.</summary>
    private static string ZnodeUri(string path) => "v1/znodes" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string Query(params string?[] parameters)
    {
        var present = parameters.OfType<string>().ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private static string? VersionParameter(int? version) => version is { } v ? Invariant($"version={v}") : null;

    private static ByteArrayContent Octets(byte[] data) =>
        new(data) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
}
