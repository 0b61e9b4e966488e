using System.Net;
using System.Net.Sockets;

namespace Registry.Deploy.Tests.Docker;

/// <summary>Free loopback ports, so the image's defaults (8500, 2181, 8600) never collide with another server on the machine.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port free for both TCP and UDP (DNS listens on both).</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("no loopback port is free for both TCP and UDP");
    }
}
