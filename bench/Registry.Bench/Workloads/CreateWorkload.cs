using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>Creates of new persistent nodes <c>&lt;prefix&gt;/n-&lt;client&gt;-&lt;seq&gt;</c>, all siblings under one parent.</summary>
internal sealed class CreateWorkload(RegistryTransport transport, RunPrefix prefix, int size) : IWorkload
{
    private readonly byte[] _data = Payload.Filler(size);
    private readonly string _nodeUrlPrefix = $"{transport.ZnodeUrlPrefix}{prefix.Path}/n-";

    public string Unit => "request";

    public IReadOnlyList<string> Steps => [];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) => RunPrefix.CreateNodeAsync(clients[0], prefix.Path);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client)
    {
        var uri = new Uri(string.Create(
            CultureInfo.InvariantCulture, $"{_nodeUrlPrefix}{client.Id}-{client.NextSequence()}?mode=persistent"));
        var reply = await client.SendAsync(HttpMethod.Post, uri, RegistryTransport.Body(_data, MediaTypes.Octets), HttpStatusCode.Created);
        return reply.Ok;
    }
}
