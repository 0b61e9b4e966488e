using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// Bad input on the quorum port (strangers, unknown server ids, oversized and unreadable frames) is refused and
/// logged; the ensemble goes on committing writes on every server.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class HostilePeerTests
{
    // The peer handshake: "RZAB" as a little-endian int32, then the dialing server's id as an int64.
    private const int HandshakeMagic = 0x42_41_5A_52;

    [Fact]
    public async Task Strangers_unknown_ids_and_bad_frames_are_refused_and_the_ensemble_keeps_committing()
    {
        await using var ensemble = await EnsembleCluster.StartAsync(3);
        await ensemble.WaitForLeaderAsync();
        var port = ensemble[1].QuorumPort;

        await AssertClosedAsync(port, [.. Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n")]);
        await AssertClosedAsync(port, Handshake(99));
        // Impersonating server 3 (ids are not authenticated, as in ZooKeeper): the frames still have to be sound.
        await AssertClosedAsync(port, [.. Handshake(3), .. Length(int.MaxValue)]);
        await AssertClosedAsync(port, [.. Handshake(3), .. Length(32), .. Enumerable.Repeat((byte)0xFF, 32)]);

        // The console logger writes in the background: the lines may follow the closes by a moment.
        foreach (var logged in new[] { "Refused a peer connection", "sent a frame of 2147483647 bytes", "Dropping the connection to server 3" })
        {
            await EnsembleCluster.EventuallyAsync(ensemble[1], _ => Task.FromResult(ensemble[1].OutputMentioning(logged).Count > 0), $"the log to mention \"{logged}\"");
        }

        // The real server 3 dials again; every server still takes writes that reach all of them.
        await ensemble.WaitForLeaderAsync();
        foreach (var id in ensemble.Ids)
        {
            using var created = await EnsembleCluster.PostRetryingAsync(ensemble[id].Client, new Uri($"/v1/znodes/after-{id}", UriKind.Relative));
            created.EnsureSuccessStatusCode();
        }

        foreach (var id in ensemble.Ids)
        {
            await EnsembleCluster.EventuallyAsync(ensemble[id], async c =>
            {
                foreach (var written in ensemble.Ids)
                {
                    using var read = await c.GetAsync($"/v1/znodes/after-{written}");
                    if (!read.IsSuccessStatusCode)
                    {
                        return false;
                    }
                }

                return true;
            }, "every write visible");
        }
    }

    private static byte[] Handshake(long id)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, HandshakeMagic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), id);
        return bytes;
    }

    private static byte[] Length(int length)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        return bytes;
    }

    /// <summary>Sends the bytes and waits for the server to close the connection (a read that ends without data).</summary>
    private static async Task AssertClosedAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, deadline.Token) > 0)
            {
                // A peer never answers garbage; anything read here is ignored until the close.
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }
}
