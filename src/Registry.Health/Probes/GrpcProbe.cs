using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Registry.Catalog.Model;
using Registry.Health.Definitions;

namespace Registry.Health.Probes;

/// <summary>
/// The standard gRPC health protocol (grpc.health.v1.Health/Check) over HTTP/2 cleartext with prior knowledge.
/// The two messages are tiny, so they are encoded by hand: HealthCheckRequest { string service = 1; } and
/// HealthCheckResponse { ServingStatus status = 1; } where SERVING = 1.
/// </summary>
public sealed class GrpcProbe : IProbe, IDisposable
{
    private const int Serving = 1;
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public async Task<ProbeResult> ProbeAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        var parts = spec.Target.Split('/', 2);
        var service = parts.Length > 1 ? parts[1] : "";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{parts[0]}/grpc.health.v1.Health/Check")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(EncodeRequest(service)),
            };
            request.Content.Headers.ContentType = GrpcContentType;
            request.Headers.TryAddWithoutValidation("te", "trailers");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var frame = await ReadFrameAsync(stream, timeout.Token);
            await DrainAsync(stream, timeout.Token);
            var grpcStatus = Header(response, "grpc-status");
            if (grpcStatus is not null && grpcStatus != "0")
            {
                return new ProbeResult(HealthStatus.Critical, $"gRPC {spec.Target}: status {grpcStatus} {Header(response, "grpc-message")}");
            }

            if (frame is null)
            {
                return new ProbeResult(HealthStatus.Critical, $"gRPC {spec.Target}: no response message (HTTP {(int)response.StatusCode})");
            }

            var status = DecodeStatus(frame);
            return status == Serving
                ? new ProbeResult(HealthStatus.Passing, $"gRPC {spec.Target}: SERVING")
                : new ProbeResult(HealthStatus.Critical, $"gRPC {spec.Target}: {StatusName(status)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(HealthStatus.Critical, $"gRPC {spec.Target}: timed out after {spec.Timeout.TotalMilliseconds:0}ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
        {
            return new ProbeResult(HealthStatus.Critical, $"gRPC {spec.Target}: {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>gRPC framing (compressed flag, big-endian length) around HealthCheckRequest.</summary>
    public static byte[] EncodeRequest(string service)
    {
        var name = Encoding.UTF8.GetBytes(service);
        if (name.Length > 127)
        {
            throw new InvalidDataException("gRPC health service names longer than 127 bytes are not supported");
        }

        byte[] message = name.Length == 0 ? [] : [0x0A, (byte)name.Length, .. name];
        return [0, 0, 0, 0, (byte)message.Length, .. message];
    }

    /// <summary>The status field of a HealthCheckResponse; 0 (UNKNOWN) when absent.</summary>
    public static int DecodeStatus(ReadOnlySpan<byte> message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var tag = message[i++];
            var wireType = tag & 7;
            if (wireType == 0)
            {
                var value = 0;
                var shift = 0;
                while (i < message.Length)
                {
                    var b = message[i++];
                    value |= (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0 || shift > 28)
                    {
                        break;
                    }
                }

                if (tag >> 3 == 1)
                {
                    return value;
                }
            }
            else if (wireType == 2 && i < message.Length)
            {
                i += 1 + message[i];
            }
            else
            {
                throw new InvalidDataException("malformed HealthCheckResponse");
            }
        }

        return 0;
    }

    private static string StatusName(int status) => status switch
    {
        0 => "UNKNOWN",
        2 => "NOT_SERVING",
        3 => "SERVICE_UNKNOWN",
        _ => $"status {status}",
    };

    private static async Task<byte[]?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        if (await stream.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken) < 5)
        {
            return null;
        }

        var length = (header[1] << 24) | (header[2] << 16) | (header[3] << 8) | header[4];
        if (length is < 0 or > 1024)
        {
            throw new InvalidDataException($"a {length}-byte health response is not a HealthCheckResponse");
        }

        var message = new byte[length];
        await stream.ReadExactlyAsync(message, cancellationToken);
        return message;
    }

    /// <summary>Reads to the end (bounded) so the trailers, which carry grpc-status, arrive.</summary>
    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > 64 * 1024)
            {
                throw new InvalidDataException("the health response does not end");
            }
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault()
        : null;
}
