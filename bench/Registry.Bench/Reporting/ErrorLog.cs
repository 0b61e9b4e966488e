namespace Registry.Bench.Reporting;

/// <summary>Where in a run a request was sent; only <see cref="Measured"/> errors count against the figures.</summary>
internal enum Phase
{
    Setup,
    Warmup,
    Measured,
    Cleanup,
}

/// <summary>One kept example of a failed request, so a report shows what the server said.</summary>
internal sealed record ErrorSample(string Phase, string Request, int Status, string Detail);

/// <summary>
/// Counts failed requests by phase and kind and keeps the first few in full. Shared by all clients;
/// the lock is only taken on the error path, never for a successful request.
/// </summary>
internal sealed class ErrorLog
{
    private const int SampleLimit = 5;
    private const int DetailLimit = 300;

    private readonly Lock _lock = new();
    private readonly long[] _byPhase = new long[Enum.GetValues<Phase>().Length];
    private readonly SortedDictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly List<ErrorSample> _samples = [];

    /// <param name="status">The HTTP status, or 0 when no response arrived.</param>
    public void Record(Phase phase, HttpMethod method, Uri uri, int status, string detail) =>
        Record(phase, $"{method} {uri.PathAndQuery}", status == 0 ? "no response" : $"HTTP {status}", status, detail);

    /// <summary>A failure of any protocol: <paramref name="kind"/> groups it in the report, <paramref name="status"/> is the protocol's code.</summary>
    public void Record(Phase phase, string request, string kind, int status, string detail)
    {
        lock (_lock)
        {
            _byPhase[(int)phase]++;
            _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
            if (_samples.Count < SampleLimit)
            {
                var trimmed = detail.Length > DetailLimit ? string.Concat(detail.AsSpan(0, DetailLimit), "...") : detail;
                _samples.Add(new ErrorSample(phase.ToString(), request, status, trimmed));
            }
        }
    }

    public long Count(Phase phase)
    {
        lock (_lock)
        {
            return _byPhase[(int)phase];
        }
    }

    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _byPhase.Sum();
            }
        }
    }

    public IReadOnlyDictionary<string, long> ByKind()
    {
        lock (_lock)
        {
            return new SortedDictionary<string, long>(_byKind, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<ErrorSample> Samples()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }
}
