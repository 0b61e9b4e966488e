using System.Globalization;
using System.Net;
using System.Text;
using Registry.Catalog.Model;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// Writes what BIND needs to serve the same answers as the responder does for a catalog: a static
/// <c>consul.</c> zone (A and SRV per service, <c>&lt;hex-ip&gt;.addr.dc1</c> targets with their A records,
/// TTL 0), a dnsperf query file mixing A and SRV queries over all services, and one Consul registration
/// body per instance (<c>register.ndjson</c>) to load the same services into a running server.
/// </summary>
internal static class BindZoneExport
{
    public static void Write(IServiceCatalog catalog, string directory, int queries)
    {
        Directory.CreateDirectory(directory);
        var registrations = new StringBuilder();
        var zone = new StringBuilder()
            .AppendLine("$ORIGIN consul.")
            .AppendLine("$TTL 0")
            .AppendLine("@ IN SOA ns.consul. hostmaster.consul. 1 3600 600 86400 0")
            .AppendLine("@ IN NS ns.consul.")
            .AppendLine("ns IN A 127.0.0.1");
        foreach (var service in catalog.ServiceNames)
        {
            foreach (var instance in catalog.Instances(service))
            {
                var target = Convert.ToHexStringLower(IPAddress.Parse(instance.Address).GetAddressBytes()) + ".addr.dc1";
                zone.Append(CultureInfo.InvariantCulture, $"{service}.service IN A {instance.Address}\n")
                    .Append(CultureInfo.InvariantCulture, $"{service}.service IN SRV 1 {instance.Weights.Passing} {instance.Port} {target}\n")
                    .Append(CultureInfo.InvariantCulture, $"{target} IN A {instance.Address}\n");
                registrations.Append(CultureInfo.InvariantCulture,
                    $"{{\"ID\":\"{instance.Id}\",\"Name\":\"{service}\",\"Address\":\"{instance.Address}\",\"Port\":{instance.Port},\"Tags\":[\"{string.Join("\",\"", instance.Tags)}\"],\"Weights\":{{\"Passing\":{instance.Weights.Passing},\"Warning\":{instance.Weights.Warning}}}}}\n");
            }
        }
        File.WriteAllText(Path.Combine(directory, "consul.zone"), zone.ToString());
        File.WriteAllText(Path.Combine(directory, "register.ndjson"), registrations.ToString());

        var names = catalog.ServiceNames;
        var lines = new StringBuilder();
        for (var i = 0; i < queries; i++)
        {
            // A stride coprime with the service count visits every service before repeating one.
            var service = names[(int)((long)i * 7919 % names.Count)];
            lines.Append(CultureInfo.InvariantCulture, $"{service}.service.consul {(i % 2 == 0 ? "A" : "SRV")}\n");
        }
        File.WriteAllText(Path.Combine(directory, "queries.txt"), lines.ToString());
    }
}
