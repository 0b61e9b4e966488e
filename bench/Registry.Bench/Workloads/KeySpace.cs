using System.Net;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>
/// The fixed set of nodes <c>&lt;prefix&gt;/k-0 .. k-(keys-1)</c> that get and set pick from uniformly at random.
/// Their URIs are built once so a request costs no URL formatting or parsing.
/// </summary>
internal sealed class KeySpace
{
    private readonly RegistryTransport _transport;
    private readonly RunPrefix _prefix;
    private readonly Uri[] _uris;

    public KeySpace(RegistryTransport transport, RunPrefix prefix, int size, int keys)
    {
        _transport = transport;
        _prefix = prefix;
        _uris = [.. Enumerable.Range(0, keys).Select(k => transport.Znode(KeyPath(k)))];
        Data = Payload.Filler(size);
    }

    public byte[] Data { get; }

    public Uri RandomKey() => _uris[Random.Shared.Next(_uris.Length)];

    /// <summary>Creates the prefix, then the keys with every client busy at once; stops early after a failure.</summary>
    public async Task<bool> PopulateAsync(IReadOnlyList<VirtualClient> clients)
    {
        if (!await RunPrefix.CreateNodeAsync(clients[0], _prefix.Path))
        {
            return false;
        }

        var next = -1;
        var failed = 0;
        await Task.WhenAll(clients.Select(async client =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < _uris.Length && Volatile.Read(ref failed) == 0)
            {
                var reply = await client.SendAsync(
                    HttpMethod.Post,
                    _transport.Znode(KeyPath(k), "?mode=persistent"),
                    RegistryTransport.Body(Data, MediaTypes.Octets),
                    HttpStatusCode.Created);
                if (!reply.Ok)
                {
                    Interlocked.Exchange(ref failed, 1);
                }
            }
        }));
        return failed == 0;
    }

    private string KeyPath(int k) => $"{_prefix.Path}/k-{k}";
}
