using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Registry.Bench.Reporting;

namespace Registry.Bench.Transport;

/// <summary>The outcome of one request. <see cref="Body"/> is only valid until the client's next request.</summary>
internal readonly record struct Reply(bool Ok, ReadOnlyMemory<byte> Body);

/// <summary>
/// One simulated caller: sends one request at a time and owns the buffers that requests reuse,
/// so a steady-state request allocates little beyond the HttpRequestMessage itself.
/// </summary>
internal sealed class VirtualClient : IDisposable
{
    public const int NoStep = -1;

    /// <summary>Large enough for any reply a workload parses; the rest of a bigger body is read and dropped.</summary>
    private const int BodyBufferSize = 16 * 1024;

    private readonly RegistryTransport _transport;
    private readonly TimeSpan _requestTimeout;
    private readonly IReadOnlyList<LatencyHistogram> _steps;
    private readonly byte[] _body = new byte[BodyBufferSize];
    private readonly byte[] _discard = new byte[4 * 1024];
    private CancellationTokenSource _timeout = new();
    private long _sequence;

    /// <param name="steps">Per-step histograms of a multi-request operation, indexed by the step argument of <see cref="SendAsync"/>.</param>
    /// <param name="requestTimeout">Defaults to the run's; cleanup passes a longer one for a large recursive delete.</param>
    public VirtualClient(RegistryTransport transport, int id, IReadOnlyList<LatencyHistogram> steps, TimeSpan? requestTimeout = null)
    {
        _transport = transport;
        _steps = steps;
        _requestTimeout = requestTimeout ?? transport.Timeout;
        Id = id;
    }

    public int Id { get; }

    /// <summary>Set by the runner before each operation; decides whether step latencies are kept and where errors count.</summary>
    public Phase Phase { get; set; } = Phase.Setup;

    public RegistryTransport Transport => _transport;

    /// <summary>A number unique within this client, for names that must not collide.</summary>
    public long NextSequence() => _sequence++;

    /// <summary>
    /// Sends one request and reads the whole reply. Any status other than <paramref name="expected"/>,
    /// a timeout or a transport failure is logged as an error and returns <c>Ok = false</c>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Reply> SendAsync(
        HttpMethod method, Uri uri, HttpContent? content, HttpStatusCode expected, int step = NoStep, string? session = null)
    {
        using var request = new HttpRequestMessage(method, uri)
        {
            Content = content,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation(RegistryTransport.SessionHeader, session);
        }

        var start = Stopwatch.GetTimestamp();
        _timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _transport.Invoker.SendAsync(request, _timeout.Token);
            var length = await ReadBodyAsync(response.Content, _timeout.Token);
            var body = _body.AsMemory(0, length);
            if (response.StatusCode != expected)
            {
                _transport.Errors.Record(Phase, method, uri, (int)response.StatusCode, Encoding.UTF8.GetString(body.Span));
                return new Reply(false, body);
            }

            if (step != NoStep && Phase == Phase.Measured)
            {
                _steps[step].RecordElapsed(start, Stopwatch.GetTimestamp());
            }

            return new Reply(true, body);
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested)
        {
            _transport.Errors.Record(Phase, method, uri, 0, $"timed out after {_requestTimeout.TotalSeconds:0.###} s");
            return default;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            _transport.Errors.Record(Phase, method, uri, 0, $"{e.GetType().Name}: {e.Message}");
            return default;
        }
        finally
        {
            // A source whose timer already fired cannot be reset and is replaced; normally it is reused.
            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = new CancellationTokenSource();
            }
        }
    }

    /// <summary>Reads the body into the reusable buffer (and past its end into a scratch one), returning the kept length.</summary>
    private async ValueTask<int> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var kept = 0;
        while (true)
        {
            var target = kept < _body.Length ? _body.AsMemory(kept) : _discard.AsMemory();
            var read = await stream.ReadAsync(target, cancellationToken);
            if (read == 0)
            {
                return kept;
            }

            if (kept < _body.Length)
            {
                kept += read;
            }
        }
    }

    public void Dispose() => _timeout.Dispose();
}
