using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads.Consul;

/// <summary>
/// Blocking-query wake-ups: even clients flip their instance's TTL check (writes); odd clients long-poll the
/// service from the index they last saw, so each of their operations is one wake-up by a writer's change.
/// </summary>
internal sealed class ConsulBlockingWorkload(RegistryTransport transport, RunPrefix prefix) : IWorkload
{
    private const int UpdateStep = 0;
    private const int WakeStep = 1;

    private ConsulInstances? _instances;
    private long[] _seen = [];

    public string Unit => "request";

    public IReadOnlyList<string> Steps { get; } = ["update", "wake"];

    public Task<bool> SetupAsync(IReadOnlyList<VirtualClient> clients)
    {
        _instances = new ConsulInstances(transport, prefix, clients.Count);
        _seen = new long[clients.Count];
        return _instances.RegisterAsync(clients);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ExecuteAsync(VirtualClient client)
    {
        var instances = _instances!;
        if (client.Id % 2 == 0)
        {
            var status = client.NextSequence() % 2 == 0 ? "warning" : "passing";
            var update = Encoding.UTF8.GetBytes($$"""{"Status":"{{status}}"}""");
            var check = transport.Consul("/agent/check/update/service:" + instances.Id(client.Id));
            return (await client.SendAsync(HttpMethod.Put, check, RegistryTransport.Body(update, MediaTypes.Json), HttpStatusCode.OK, UpdateStep)).Ok;
        }

        var index = _seen[client.Id].ToString(CultureInfo.InvariantCulture);
        var woken = await client.SendAsync(HttpMethod.Get, transport.Consul($"/health/service/{instances.Service}?index={index}&wait=10s"), null, HttpStatusCode.OK, WakeStep);
        _seen[client.Id] = woken.Ok ? LatestModifyIndex(woken.Body.Span) : 0;
        return woken.Ok;
    }

    public Task CleanupAsync(VirtualClient cleaner) => _instances?.DeregisterAsync(cleaner) ?? Task.CompletedTask;

    /// <summary>
    /// The index to poll from next: nothing is deleted during a run, so the service's index is the highest
    /// ModifyIndex in the answer (the reply's X-Consul-Index header is not kept by the client).
    /// </summary>
    private static long LatestModifyIndex(ReadOnlySpan<byte> json)
    {
        long latest = 0;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("ModifyIndex"u8) && reader.Read() && reader.TryGetInt64(out var value))
                {
                    latest = Math.Max(latest, value);
                }
            }
        }
        catch (JsonException)
        {
            return 0;
        }

        return latest;
    }
}
