using System.Net;
using Registry.Bench.Reporting;

namespace Registry.Bench.Transport;

/// <summary>
/// The one connection pool every client of a run shares, and the registry's URL layout.
/// HTTP/1.1 with keep-alive and one connection per client, so the server sees exactly
/// <c>clients</c> concurrent requests and no connection setup inside the measured window.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    public const string SessionHeader = "X-Registry-Session";

    private readonly string _root;

    public RegistryTransport(Uri root, int connections, TimeSpan timeout, ErrorLog errors)
    {
        _root = root.GetLeftPart(UriPartial.Authority);
        Timeout = timeout;
        Errors = errors;
        Invoker = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connections,
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = timeout,
            },
            disposeHandler: true);
        Sessions = new Uri($"{_root}/v1/sessions");
    }

    /// <summary>Sends without HttpClient's per-request timeout and buffering; <see cref="VirtualClient"/> does both cheaper.</summary>
    public HttpMessageInvoker Invoker { get; }

    public TimeSpan Timeout { get; }

    public ErrorLog Errors { get; }

    public Uri Sessions { get; }

    /// <param name="path">An absolute znode path such as <c>/bench-1a2b/k-7</c>.</param>
    /// <param name="query">Empty, or a query string including its leading '?'.</param>
    public Uri Znode(string path, string query = "") => new(string.Concat(_root, "/v1/znodes", path, query));

    /// <summary>The prefix of znode URLs, for workloads that append to it per request.</summary>
    public string ZnodeUrlPrefix => _root + "/v1/znodes";

    public Uri Session(string id) => new(string.Concat(_root, "/v1/sessions/", id));

    /// <summary>A Consul-compatible endpoint, e.g. <c>/agent/service/register</c> or <c>/health/service/x?passing</c>.</summary>
    public Uri Consul(string pathAndQuery) => new(string.Concat(_root, "/v1", pathAndQuery));

    /// <summary>A request body over a buffer that is built once and shared by every request.</summary>
    public static HttpContent Body(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        // Without validation: the constant needs no parsing into a MediaTypeHeaderValue per request.
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    public void Dispose() => Invoker.Dispose();
}

/// <summary>Media types of request bodies.</summary>
internal static class MediaTypes
{
    public const string Octets = "application/octet-stream";
    public const string Json = "application/json";
}
