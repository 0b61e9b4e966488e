using ARSoft.Tools.Net;
using Registry.Dns.Options;

namespace Registry.Dns.Naming;

/// <summary>
/// The names this responder is authoritative for: the configured domain and its aliases, each with the suffix
/// of the synthetic <c>&lt;hex-ip&gt;.addr.&lt;dc&gt;.&lt;domain&gt;</c> names used as SRV targets, and the local
/// datacenter label that may optionally appear in a query.
/// </summary>
internal sealed class DnsZone
{
    public DnsZone(DnsOptions options)
    {
        var domains = new List<string[]> { DnsName.ToLabels(options.Domain, $"{DnsOptions.Section}:Domain") };
        for (var i = 0; i < options.AltDomains.Count; i++)
        {
            domains.Add(DnsName.ToLabels(options.AltDomains[i], $"{DnsOptions.Section}:AltDomains:{i}"));
        }
        var datacenter = DnsName.ToLabels(options.Datacenter, $"{DnsOptions.Section}:Datacenter");
        if (datacenter.Length != 1)
        {
            throw new FormatException($"{DnsOptions.Section}:Datacenter: '{options.Datacenter}' must be a single label.");
        }
        Datacenter = datacenter[0];
        // Longest first, so an alias nested in another domain (dns.example. under example.) wins its own names.
        Domains = [.. domains.OrderByDescending(d => d.Length)];
        AddrSuffixes = [.. Domains.Select(d => new DomainName(["addr", Datacenter, .. d]))];
    }

    /// <summary>Each domain as lowercase labels, longest first.</summary>
    public IReadOnlyList<string[]> Domains { get; }

    public string Datacenter { get; }

    /// <summary>Per domain (same order): <c>addr.&lt;dc&gt;.&lt;domain&gt;.</c></summary>
    public IReadOnlyList<DomainName> AddrSuffixes { get; }
}
