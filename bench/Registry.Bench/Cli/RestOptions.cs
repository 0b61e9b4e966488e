namespace Registry.Bench.Cli;

/// <summary>Settings of one load run against a registry (or the baseline) REST endpoint.</summary>
internal sealed record RestOptions(
    Uri Url,
    string Workload,
    int Clients,
    TimeSpan Duration,
    TimeSpan Warmup,
    long MaxRequests,
    int Size,
    int Keys,
    TimeSpan Timeout,
    string? JsonPath,
    bool Keep)
{
    public static readonly string[] Workloads = ["create", "get", "set", "register"];

    /// <summary>A safety cap so that even a long --duration cannot run away; reported when it ends a run.</summary>
    private const long DefaultMaxRequests = 10_000_000;

    internal static readonly HashSet<string> ValueOptions =
        ["url", "workload", "clients", "duration", "warmup", "max-requests", "size", "keys", "timeout", "json"];

    internal static readonly HashSet<string> FlagOptions = ["keep"];

    public const string Usage = """
        registry-bench rest --workload create|get|set|register [options]
          --url URL            server root (default http://127.0.0.1:8500; loopback only)
          --workload NAME      create: new persistent nodes; get/set: random reads/writes over --keys nodes;
                               register: session open + ephemeral_sequential create + session close
          --clients N          concurrent in-flight operations = connections (default 64)
          --duration T         measured time, e.g. 10s, 500ms, 1m (default 10s)
          --warmup T           unmeasured time before it (default 2s)
          --max-requests N     stop after N measured operations (default 10000000)
          --size BYTES         znode payload size (default 100)
          --keys N             nodes pre-created for get/set (default 1000)
          --timeout T          per-request timeout (default 10s)
          --json FILE          also write the report as JSON
          --keep               leave the run's /bench-* subtree in place
        """;

    public static RestOptions Parse(ArgReader args, string? fixedWorkload = null, string urlOption = "url")
    {
        var workload = fixedWorkload ?? args.String("workload") ?? throw new UsageException("--workload is required");
        if (fixedWorkload is null && !Workloads.Contains(workload))
        {
            throw new UsageException($"--workload must be one of {string.Join('|', Workloads)}, got '{workload}'");
        }

        var duration = args.Duration("duration", TimeSpan.FromSeconds(10));
        if (duration <= TimeSpan.Zero)
        {
            throw new UsageException("--duration must be positive");
        }

        var timeout = args.Duration("timeout", TimeSpan.FromSeconds(10));
        if (timeout <= TimeSpan.Zero)
        {
            throw new UsageException("--timeout must be positive");
        }

        return new RestOptions(
            Url: ParseLoopbackUrl(urlOption, args.String(urlOption, "http://127.0.0.1:8500")),
            Workload: workload,
            Clients: (int)args.Integer("clients", 64, 1, 10_000),
            Duration: duration,
            Warmup: args.Duration("warmup", TimeSpan.FromSeconds(2)),
            MaxRequests: args.Integer("max-requests", DefaultMaxRequests, 1, long.MaxValue),
            Size: (int)args.Integer("size", 100, 0, 16 * 1024 * 1024),
            Keys: (int)args.Integer("keys", 1000, 1, 10_000_000),
            Timeout: timeout,
            JsonPath: args.String("json"),
            Keep: args.Flag("keep"));
    }

    /// <summary>
    /// Load is only ever aimed at this machine: a typo in --url must not send a flood elsewhere.
    /// </summary>
    internal static Uri ParseLoopbackUrl(string option, string text)
    {
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp
            || url.AbsolutePath != "/" || url.Query.Length > 0)
        {
            throw new UsageException($"--{option} must be a plain http://host:port URL, got '{text}'");
        }

        if (!url.IsLoopback)
        {
            throw new UsageException($"--{option} must be a loopback address (127.0.0.1, localhost, [::1]), got '{text}'");
        }

        return url;
    }
}
