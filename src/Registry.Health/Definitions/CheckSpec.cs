using Registry.Catalog.Documents;

namespace Registry.Health.Definitions;

/// <summary>A check definition validated and resolved into what the scheduler runs.</summary>
public sealed record CheckSpec(
    CheckKind Kind,
    string Target,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan Ttl,
    TimeSpan DeregisterAfter,
    int SuccessBeforePassing,
    int FailuresBeforeWarning,
    int FailuresBeforeCritical,
    int OutputMaxSize,
    string Method,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    string? Body,
    bool TlsSkipVerify)
{
    public static string TypeName(CheckKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Validates a definition; the error reads like Consul's 400 texts.</summary>
    public static bool TryCreate(CheckDocument check, HealthOptions options, out CheckSpec? spec, out string? error)
    {
        spec = null;
        var kinds = new List<(CheckKind Kind, string Target)>();
        if (!string.IsNullOrEmpty(check.Ttl))
        {
            kinds.Add((CheckKind.Ttl, ""));
        }

        if (!string.IsNullOrEmpty(check.Http))
        {
            kinds.Add((CheckKind.Http, check.Http));
        }

        if (!string.IsNullOrEmpty(check.Tcp))
        {
            kinds.Add((CheckKind.Tcp, check.Tcp));
        }

        if (!string.IsNullOrEmpty(check.Grpc))
        {
            kinds.Add((CheckKind.Grpc, check.Grpc));
        }

        if (kinds.Count != 1)
        {
            error = kinds.Count == 0
                ? "Invalid check: TTL, HTTP, TCP or GRPC must be set"
                : "Invalid check: only one of TTL, HTTP, TCP or GRPC may be set";
            return false;
        }

        var (kind, target) = kinds[0];
        TimeSpan ttl = default, interval = default;
        if (kind == CheckKind.Ttl)
        {
            if (!Duration(check.Ttl, "TTL", out ttl, out error) || !InRange(ttl, "TTL", TimeSpan.FromMilliseconds(1), options.MaxInterval, out error))
            {
                return false;
            }
        }
        else
        {
            if (string.IsNullOrEmpty(check.Interval))
            {
                error = "Invalid check: Interval is required for HTTP, TCP and GRPC checks";
                return false;
            }

            if (!Duration(check.Interval, "Interval", out interval, out error) || !InRange(interval, "Interval", TimeSpan.Zero, options.MaxInterval, out error))
            {
                return false;
            }

            interval = interval < options.MinInterval ? options.MinInterval : interval;
            if (!ValidTarget(kind, target, out error))
            {
                return false;
            }
        }

        var timeout = options.DefaultTimeout;
        if (!string.IsNullOrEmpty(check.Timeout)
            && (!Duration(check.Timeout, "Timeout", out timeout, out error) || !InRange(timeout, "Timeout", TimeSpan.FromMilliseconds(1), options.MaxTimeout, out error)))
        {
            return false;
        }

        var deregister = TimeSpan.Zero;
        if (!string.IsNullOrEmpty(check.DeregisterCriticalServiceAfter))
        {
            if (!Duration(check.DeregisterCriticalServiceAfter, "DeregisterCriticalServiceAfter", out deregister, out error)
                || !InRange(deregister, "DeregisterCriticalServiceAfter", TimeSpan.Zero, TimeSpan.FromDays(365), out error))
            {
                return false;
            }

            deregister = deregister > TimeSpan.Zero && deregister < options.MinDeregisterCriticalServiceAfter ? options.MinDeregisterCriticalServiceAfter : deregister;
        }

        if (check.SuccessBeforePassing < 0 || check.FailuresBeforeCritical < 0 || check.FailuresBeforeWarning < 0 || check.OutputMaxSize < 0)
        {
            error = "Invalid check: SuccessBeforePassing, FailuresBeforeWarning, FailuresBeforeCritical and OutputMaxSize must not be negative";
            return false;
        }

        var method = string.IsNullOrEmpty(check.Method) ? "GET" : check.Method.ToUpperInvariant();
        spec = new CheckSpec(
            kind, target, interval, timeout, ttl, deregister,
            check.SuccessBeforePassing, check.FailuresBeforeWarning == 0 ? check.FailuresBeforeCritical : check.FailuresBeforeWarning, check.FailuresBeforeCritical,
            Math.Min(check.OutputMaxSize == 0 ? options.DefaultOutputMaxSize : check.OutputMaxSize, 64 * 1024),
            method, check.Header ?? new Dictionary<string, IReadOnlyList<string>>(), check.Body, check.TlsSkipVerify);
        error = null;
        return true;
    }

    private static bool Duration(string? text, string field, out TimeSpan value, out string? error)
    {
        error = GoDuration.TryParse(text, out value) ? null : $"Invalid check: {field} '{text}' is not a duration (e.g. \"10s\", \"1m30s\", \"500ms\")";
        return error is null;
    }

    private static bool InRange(TimeSpan value, string field, TimeSpan min, TimeSpan max, out string? error)
    {
        error = value < min || value > max ? $"Invalid check: {field} must be between {GoDuration.Format(min)} and {GoDuration.Format(max)}" : null;
        return error is null;
    }

    private static bool ValidTarget(CheckKind kind, string target, out string? error)
    {
        error = null;
        switch (kind)
        {
            case CheckKind.Http:
                if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    error = $"Invalid check: HTTP '{target}' is not an http or https URL";
                }

                break;
            case CheckKind.Tcp:
            case CheckKind.Grpc:
                var hostPort = kind == CheckKind.Grpc ? target.Split('/', 2)[0] : target;
                if (!HostPort.TryParse(hostPort, out _, out _))
                {
                    error = $"Invalid check: {TypeName(kind).ToUpperInvariant()} '{target}' must be host:port";
                }

                break;
        }

        return error is null;
    }
}
