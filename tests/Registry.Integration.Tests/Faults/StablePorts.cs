using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// Ports a server must get back after a restart (peer and ZooKeeper client ports). They are taken below the kernel's
/// ephemeral range, where no outgoing connection can borrow one while its server is down; each is handed out once
/// per test run.
/// </summary>
internal static class StablePorts
{
    private static readonly HashSet<int> Issued = [];

    public static int Next()
    {
        var ceiling = EphemeralRangeStart();
        lock (Issued)
        {
            for (var tries = 0; tries < 1000; tries++)
            {
                var port = Random.Shared.Next(10_000, ceiling);
                if (Issued.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free loopback port below the ephemeral range");
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var start) && start > 11_000
            ? start
            : 32_768;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
