using System.Net;
using System.Net.Sockets;

namespace Registry.Compat.Tests.ZooKeeper;

internal static class LoopbackPort
{
    /// <summary>Polls until the port accepts a connection (no readiness event exists for it), or throws at the deadline.</summary>
    public static async Task WaitForListenerAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
