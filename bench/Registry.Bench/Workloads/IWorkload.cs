using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>One kind of operation the runner repeats; an operation is one request or, for register, a cycle of three.</summary>
internal interface IWorkload
{
    /// <summary>What one operation is, as the report names it: "request" or "cycle".</summary>
    string Unit { get; }

    /// <summary>Names of the requests inside an operation that get their own latency figures; empty for one-request operations.</summary>
    IReadOnlyList<string> Steps { get; }

    /// <summary>Creates what the operations need under the run prefix, spreading the work over the run's clients.</summary>
    /// <returns>False when a setup request failed (already logged); the run is then abandoned.</returns>
    Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients);

    /// <returns>False when any request of the operation failed (already logged).</returns>
    ValueTask<bool> ExecuteAsync(VirtualClient client);

    /// <summary>Removes what setup made outside the run prefix (the prefix itself is deleted afterwards).</summary>
    Task CleanupAsync(VirtualClient cleaner) => Task.CompletedTask;
}

internal static class WorkloadFactory
{
    public static IWorkload Create(string name, RegistryTransport transport, RunPrefix prefix, int size, int keys) => name switch
    {
        "create" => new CreateWorkload(transport, prefix, size),
        "get" => new GetWorkload(new KeySpace(transport, prefix, size, keys)),
        "set" => new SetWorkload(new KeySpace(transport, prefix, size, keys)),
        "register" => new RegisterWorkload(transport, prefix),
        "consul-register" => new Consul.ConsulRegisterWorkload(transport, prefix),
        "consul-health" => new Consul.ConsulHealthWorkload(transport, prefix, keys),
        "consul-blocking" => new Consul.ConsulBlockingWorkload(transport, prefix),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown workload"),
    };
}
