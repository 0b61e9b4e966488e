using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Transport;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// <c>dns-host [--port 8653] [--address 127.0.0.1] [--services 1000] [--instances 3] [--export DIR [--export-only true]]</c>:
/// serves a <see cref="SyntheticCatalog"/> through the real responder and front door until SIGTERM or Ctrl+C;
/// with <c>--export</c> it first writes the equivalent BIND zone, a dnsperf query file and the Consul
/// registrations (<see cref="BindZoneExport"/>), and with <c>--export-only</c> stops there.
/// </summary>
internal static class DnsBenchHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--port"] = "8653",
            ["--address"] = "127.0.0.1",
            ["--services"] = "1000",
            ["--instances"] = "3",
        };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings[args[i]] = args[i + 1];
        }
        int Number(string key) => int.Parse(settings[key], CultureInfo.InvariantCulture);

        var catalog = new SyntheticCatalog(Number("--services"), Number("--instances"));
        if (settings.TryGetValue("--export", out var directory))
        {
            BindZoneExport.Write(catalog, directory, queries: 20_000);
            if (settings.ContainsKey("--export-only"))
            {
                return 0;
            }
        }
        var options = new DnsOptions();
        var responder = new DnsResponder(catalog, options, TimeProvider.System);
        await using var server = DnsFrontDoor.Start(new IPEndPoint(IPAddress.Parse(settings["--address"]), Number("--port")), responder, options, NullLogger.Instance);

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.WriteLine($"DNS bench host listening on {server.LocalEndPoint} with {catalog.ServiceNames.Count} services");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped by signal.
        }
        return 0;
    }
}
