using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Catalog.Model;
using Registry.Dns.Answers;

namespace Registry.Bench.Micro.Dns.Arsoft;

/// <summary>
/// The ARSoft record objects answering for one service, built once from the catalog and shared by every
/// response (ARSoft records are immutable): the distinct A records, one SRV record per instance and the A
/// record resolving each SRV target. Answering is then selecting and shuffling references.
/// </summary>
internal sealed class ArsoftServiceRecords
{
    private ArsoftServiceRecords(ARecord[] addresses, SrvRecord[] services, ARecord[] targets)
    {
        Addresses = addresses;
        Services = services;
        Targets = targets;
    }

    public ARecord[] Addresses { get; }

    public SrvRecord[] Services { get; }

    /// <summary>The A record for <see cref="Services"/>[i]'s target.</summary>
    public ARecord[] Targets { get; }

    public static ArsoftServiceRecords Build(IServiceCatalog catalog, string service, DomainName owner, DomainName addrSuffix, int ttl)
    {
        var set = ServiceAnswerSet.Build(catalog.ServiceIndex(service), (uint)ttl, catalog.Instances(service), onlyPassing: false);
        var addresses = new ARecord[set.Addresses.Length];
        var targetNames = new DomainName[set.Addresses.Length];
        for (var i = 0; i < addresses.Length; i++)
        {
            var data = set.Addresses[i].Data;
            addresses[i] = new ARecord(owner, ttl, new IPAddress(data));
            targetNames[i] = new DomainName([Convert.ToHexStringLower(data)]) + addrSuffix;
        }
        var services = new SrvRecord[set.Instances.Length];
        var targets = new ARecord[set.Instances.Length];
        for (var i = 0; i < services.Length; i++)
        {
            var instance = set.Instances[i];
            services[i] = new SrvRecord(owner, ttl, 1, instance.Weight, instance.Port, targetNames[instance.AddressId]);
            targets[i] = new ARecord(targetNames[instance.AddressId], ttl, addresses[instance.AddressId].Address);
        }
        return new ArsoftServiceRecords(addresses, services, targets);
    }
}
