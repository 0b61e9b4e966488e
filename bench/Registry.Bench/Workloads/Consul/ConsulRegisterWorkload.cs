using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads.Consul;

/// <summary>The life of one instance through the Consul API: register (with a TTL check), then deregister.</summary>
internal sealed class ConsulRegisterWorkload(RegistryTransport transport, RunPrefix prefix) : IWorkload
{
    private readonly string _service = prefix.Path.TrimStart('/');
    private readonly Uri _register = transport.Consul("/agent/service/register");

    public string Unit => "cycle";

    public IReadOnlyList<string> Steps { get; } = ["register", "deregister"];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients) => RunPrefix.CreateNodeAsync(clients[0], prefix.Path);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client)
    {
        var id = $"{_service}-{client.Id}-{client.NextSequence()}";
        var body = Encoding.UTF8.GetBytes($$$"""{"Name":"{{{_service}}}","ID":"{{{id}}}","Address":"127.0.0.1","Port":8080,"Check":{"TTL":"30s"}}""");
        var registered = await client.SendAsync(HttpMethod.Put, _register, RegistryTransport.Body(body, MediaTypes.Json), HttpStatusCode.OK, 0);
        var deregistered = await client.SendAsync(HttpMethod.Put, transport.Consul("/agent/service/deregister/" + id), null, HttpStatusCode.OK, 1);
        return registered.Ok && deregistered.Ok;
    }
}
