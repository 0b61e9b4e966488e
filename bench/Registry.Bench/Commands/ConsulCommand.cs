using Registry.Bench.Cli;

namespace Registry.Bench.Commands;

/// <summary><c>registry-bench consul</c>: the rest command's runner and report over Consul-compatible workloads.</summary>
internal static class ConsulCommand
{
    public static readonly string[] Workloads = ["register", "health", "blocking"];

    public const string Usage = """
        registry-bench consul --workload register|health|blocking [rest options except --size]
          register: PUT /v1/agent/service/register (TTL check) + deregister, one cycle per operation
          health:   GET /v1/health/service/{name}?passing over a service of --keys instances
          blocking: half the clients flip TTL checks, the other half long-poll the service with ?index=
                    (each of their requests is one wake-up); needs an even --clients of 2 or more
        """;

    public static Task<int> RunAsync(ArgReader args, CancellationToken interrupt)
    {
        var workload = args.String("workload") ?? throw new UsageException("--workload is required");
        if (!Workloads.Contains(workload))
        {
            throw new UsageException($"--workload must be one of {string.Join('|', Workloads)}, got '{workload}'");
        }

        var options = RestOptions.Parse(args, fixedWorkload: "consul-" + workload);
        if (workload == "blocking" && options.Clients < 2)
        {
            throw new UsageException("--clients must be at least 2 for the blocking workload");
        }

        return RestCommand.RunAsync(options, interrupt);
    }
}
