using System.Net;
using System.Text;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads.Consul;

/// <summary>A service of N instances registered through the Consul API for a run, and deregistered after it.</summary>
internal sealed class ConsulInstances(RegistryTransport transport, RunPrefix prefix, int count)
{
    public string Service { get; } = prefix.Path.TrimStart('/');

    public string Id(int i) => $"{Service}-{i}";

    public async Task<bool> RegisterAsync(IReadOnlyList<VirtualClient> clients)
    {
        if (!await RunPrefix.CreateNodeAsync(clients[0], prefix.Path))
        {
            return false;
        }

        var register = transport.Consul("/agent/service/register");
        var results = await Task.WhenAll(clients.Select(async client =>
        {
            for (var i = client.Id; i < count; i += clients.Count)
            {
                var body = Encoding.UTF8.GetBytes($$$"""{"Name":"{{{Service}}}","ID":"{{{Id(i)}}}","Address":"127.0.0.1","Port":{{{8000 + (i % 1000)}}},"Check":{"TTL":"10m","Status":"passing"}}""");
                if (!(await client.SendAsync(HttpMethod.Put, register, RegistryTransport.Body(body, MediaTypes.Json), HttpStatusCode.OK)).Ok)
                {
                    return false;
                }
            }

            return true;
        }));
        return results.All(ok => ok);
    }

    public async Task DeregisterAsync(VirtualClient cleaner)
    {
        for (var i = 0; i < count; i++)
        {
            await cleaner.SendAsync(HttpMethod.Put, transport.Consul("/agent/service/deregister/" + Id(i)), null, HttpStatusCode.OK);
        }
    }
}
