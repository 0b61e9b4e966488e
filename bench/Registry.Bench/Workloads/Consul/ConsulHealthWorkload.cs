using System.Net;
using System.Runtime.CompilerServices;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads.Consul;

/// <summary>Discovery as clients do it: GET /v1/health/service/{name}?passing over a service of --keys instances.</summary>
internal sealed class ConsulHealthWorkload(RegistryTransport transport, RunPrefix prefix, int instances) : IWorkload
{
    private readonly ConsulInstances _instances = new(transport, prefix, instances);

    public string Unit => "request";

    public IReadOnlyList<string> Steps { get; } = [];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) => _instances.RegisterAsync(clients);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client) =>
        (await client.SendAsync(HttpMethod.Get, transport.Consul($"/health/service/{_instances.Service}?passing"), null, HttpStatusCode.OK)).Ok;

    public Task CleanupAsync(VirtualClient cleaner) => _instances.DeregisterAsync(cleaner);
}
