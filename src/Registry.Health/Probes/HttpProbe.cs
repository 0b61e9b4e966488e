using System.Globalization;
using Registry.Catalog.Model;
using Registry.Health.Definitions;

namespace Registry.Health.Probes;

/// <summary>Consul's HTTP check: 2xx passing, 429 warning, anything else (or no answer in time) critical.</summary>
public sealed class HttpProbe : IProbe, IDisposable
{
    private readonly HttpClient _verifying = Create(skipVerify: false);
    private readonly HttpClient _skipping = Create(skipVerify: true);

    public async Task<ProbeResult> ProbeAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(spec.Method), spec.Target);
            if (spec.Body is { Length: > 0 } body)
            {
                request.Content = new StringContent(body);
            }

            foreach (var (name, values) in spec.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, values))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, values);
                }
            }

            var client = spec.TlsSkipVerify ? _skipping : _verifying;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var text = await OutputText.ReadPrefixAsync(stream, spec.OutputMaxSize, timeout.Token);
            var code = (int)response.StatusCode;
            var status = code is >= 200 and < 300 ? HealthStatus.Passing : code == 429 ? HealthStatus.Warning : HealthStatus.Critical;
            return new ProbeResult(status, string.Create(CultureInfo.InvariantCulture, $"HTTP {spec.Method} {spec.Target}: {code} {response.ReasonPhrase} Output: {text}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(HealthStatus.Critical, $"HTTP {spec.Method} {spec.Target}: timed out after {spec.Timeout.TotalMilliseconds:0}ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or FormatException)
        {
            return new ProbeResult(HealthStatus.Critical, $"HTTP {spec.Method} {spec.Target}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _verifying.Dispose();
        _skipping.Dispose();
    }

    private static HttpClient Create(bool skipVerify)
    {
        var handler = new SocketsHttpHandler
        {
            // Like Consul's Go client: redirects are followed, the final answer counts.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxResponseHeadersLength = 64,
        };
        if (skipVerify)
        {
            // The check definition asked for it (Consul's TLSSkipVerify): self-signed service endpoints.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        // The per-check timeout applies; the client-wide one only backstops it.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
