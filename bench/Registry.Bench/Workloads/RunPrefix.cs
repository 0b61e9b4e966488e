using System.Net;
using System.Security.Cryptography;
using Registry.Bench.Transport;

namespace Registry.Bench.Workloads;

/// <summary>
/// The fresh <c>/bench-&lt;random&gt;</c> subtree a run works in, so concurrent or earlier runs never
/// collide and cleanup is one recursive delete.
/// </summary>
internal sealed class RunPrefix
{
    public string Path { get; } = "/bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Creates an empty persistent node at <paramref name="path"/> (the prefix itself or a child of it).</summary>
    public static async Task<bool> CreateNodeAsync(VirtualClient client, string path)
    {
        var transport = client.Transport;
        var reply = await client.SendAsync(
            HttpMethod.Post, transport.Znode(path, "?mode=persistent"), RegistryTransport.Body([], MediaTypes.Octets), HttpStatusCode.Created);
        return reply.Ok;
    }

    public async Task<bool> DeleteAsync(VirtualClient client)
    {
        var reply = await client.SendAsync(
            HttpMethod.Delete, client.Transport.Znode(Path, "?recursive=true"), null, HttpStatusCode.NoContent);
        return reply.Ok;
    }
}
