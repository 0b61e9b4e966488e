using System.Net;
using Registry.Bench.Cli;

namespace Registry.Bench.ZooKeeper;

/// <summary>Settings of one load run over the ZooKeeper protocol (against the registry or Apache ZooKeeper).</summary>
internal sealed record ZkOptions(
    IReadOnlyList<IPEndPoint> Servers,
    string Workload,
    int Clients,
    int Pipeline,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Size,
    int Keys,
    TimeSpan Timeout,
    string? JsonPath)
{
    public static readonly string[] Workloads = ["create", "get", "set", "register"];

    internal static readonly HashSet<string> ValueOptions =
        ["servers", "workload", "clients", "pipeline", "duration", "warmup", "size", "keys", "timeout", "json"];

    public const string Usage = """
        registry-bench zk --servers HOST:PORT[,..] --workload create|get|set|register [options]
          --servers LIST       ZooKeeper client ports, sessions spread over them (loopback only)
          --workload NAME      create: new persistent nodes; get/set: random reads/writes over --keys nodes;
                               register: connect + ephemeral_sequential create + closeSession
          --clients N          sessions, one connection each (default 16)
          --pipeline N         requests each session keeps in flight (default 1; register ignores it)
          --duration T         measured time, e.g. 10s, 500ms (default 10s)
          --warmup T           unmeasured time before it (default 2s)
          --size BYTES         znode payload size (default 100)
          --keys N             nodes pre-created for get/set (default 1000)
          --timeout T          per-request timeout, also the session timeout asked for (default 10s)
          --json FILE          also write the report as JSON
        """;

    public static ZkOptions Parse(ArgReader args)
    {
        var workload = args.String("workload") ?? throw new UsageException("--workload is required");
        if (!Workloads.Contains(workload))
        {
            throw new UsageException($"--workload must be one of {string.Join('|', Workloads)}, got '{workload}'");
        }

        var duration = args.Duration("duration", TimeSpan.FromSeconds(10));
        var timeout = args.Duration("timeout", TimeSpan.FromSeconds(10));
        if (duration <= TimeSpan.Zero || timeout <= TimeSpan.Zero)
        {
            throw new UsageException("--duration and --timeout must be positive");
        }

        return new ZkOptions(
            Servers: ParseServers(args.String("servers", "127.0.0.1:2181")),
            Workload: workload,
            Clients: (int)args.Integer("clients", 16, 1, 10_000),
            Pipeline: (int)args.Integer("pipeline", 1, 1, 10_000),
            Duration: duration,
            Warmup: args.Duration("warmup", TimeSpan.FromSeconds(2)),
            Size: (int)args.Integer("size", 100, 0, 1024 * 1024),
            Keys: (int)args.Integer("keys", 1000, 1, 1_000_000),
            Timeout: timeout,
            JsonPath: args.String("json"));
    }

    /// <summary>Load is only ever aimed at this machine: a typo must not send a flood elsewhere.</summary>
    private static IPEndPoint[] ParseServers(string text)
    {
        var servers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
        {
            var colon = s.LastIndexOf(':');
            var host = colon > 0 ? s[..colon].Trim('[', ']') : s;
            var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : null;
            if (address is null || !IPAddress.IsLoopback(address) || colon <= 0 || !int.TryParse(s[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new UsageException($"--servers takes loopback host:port pairs, got '{s}'");
            }

            return new IPEndPoint(address, port);
        }).ToArray();
        return servers.Length > 0 ? servers : throw new UsageException("--servers is empty");
    }
}
