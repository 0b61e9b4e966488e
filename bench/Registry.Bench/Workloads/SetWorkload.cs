using System.Net;
using System.Runtime.CompilerServices;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>Unconditional overwrites (no version) of random pre-created nodes: every one is a replicated write.</summary>
internal sealed class SetWorkload(KeySpace keys) : IWorkload
{
    public string Unit => "request";

    public IReadOnlyList<string> Steps => [];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) => keys.PopulateAsync(clients);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client) =>
        (await client.SendAsync(
            HttpMethod.Put, keys.RandomKey(), RegistryTransport.Body(keys.Data, MediaTypes.Octets), HttpStatusCode.OK)).Ok;
}
