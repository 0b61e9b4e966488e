using System.Net.Sockets;

namespace Registry.Dns.Transport;

internal static class SocketExtensions
{
    /// <summary>Fills <paramref name="buffer"/> from a stream socket; false when the peer closed the stream first.</summary>
    public static async ValueTask<bool> ReceiveExactlyAsync(this Socket socket, Memory<byte> buffer, CancellationToken token)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
            if (read == 0)
            {
                return false;
            }
            buffer = buffer[read..];
        }
        return true;
    }
}
