using System.Net;
using System.Runtime.CompilerServices;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>Reads of random pre-created nodes: the registry's hot path for service discovery.</summary>
internal sealed class GetWorkload(KeySpace keys) : IWorkload
{
    public string Unit => "request";

    public IReadOnlyList<string> Steps => [];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) => keys.PopulateAsync(clients);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client) =>
        (await client.SendAsync(HttpMethod.Get, keys.RandomKey(), null, HttpStatusCode.OK)).Ok;
}
