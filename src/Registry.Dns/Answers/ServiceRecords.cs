using System.Buffers;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Registry.Dns.Answers;

/// <summary>
/// The ARSoft records answering one question name for one service, built once per service change and shared by
/// every response (records are immutable): the distinct addresses (A, AAAA, or CNAME for a host name) per query
/// type, one SRV record per instance, and the A/AAAA record resolving each SRV target. Answering copies
/// references in a fresh random order.
/// </summary>
internal sealed class ServiceRecords
{
    /// <summary>Above this many records, the shuffle's working memory is rented rather than on the stack.</summary>
    private const int StackLimit = 256;

    private ServiceRecords(DnsRecordBase[] forA, DnsRecordBase[] forAaaa, DnsRecordBase[] forAny, SrvRecord[] services, DnsRecordBase?[] targets, int[] targetIds)
    {
        ForA = forA;
        ForAaaa = forAaaa;
        ForAny = forAny;
        Services = services;
        Targets = targets;
        TargetIds = targetIds;
    }

    /// <summary>No instance matches: the name does not exist.</summary>
    public bool IsEmpty => Services.Length == 0;

    public DnsRecordBase[] ForA { get; }

    public DnsRecordBase[] ForAaaa { get; }

    public DnsRecordBase[] ForAny { get; }

    public SrvRecord[] Services { get; }

    /// <summary>Per SRV record: the address record of its target, or null when the target is a host name.</summary>
    public DnsRecordBase?[] Targets { get; }

    /// <summary>Per SRV record: its address, numbered from 0 in this set, so each target is resolved once in the additional section.</summary>
    public int[] TargetIds { get; }

    public static ServiceRecords Build(ServiceAnswerSet set, DomainName owner, ReadOnlySpan<char> tag, DomainName addrSuffix)
    {
        var addressRecords = new DnsRecordBase?[set.Addresses.Length];
        var targetNames = new DomainName?[set.Addresses.Length];
        var localIds = new int[set.Addresses.Length];
        var kinds = new List<(AddressKind Kind, DnsRecordBase Record)>();
        var services = new List<SrvRecord>();
        var targets = new List<DnsRecordBase?>();
        var targetIds = new List<int>();
        foreach (var instance in set.Instances)
        {
            if (!tag.IsEmpty && !instance.HasTag(tag))
            {
                continue;
            }
            var id = instance.AddressId;
            var address = set.Addresses[id];
            if (addressRecords[id] is null)
            {
                addressRecords[id] = Record(owner, set.Ttl, address);
                localIds[id] = kinds.Count;
                kinds.Add((address.Kind, addressRecords[id]!));
                targetNames[id] = address.Host ?? new DomainName([address.HexLabel]) + addrSuffix;
            }
            var target = targetNames[id]!;
            services.Add(new SrvRecord(owner, set.Ttl, 1, instance.Weight, instance.Port, target));
            targets.Add(address.Kind == AddressKind.Host ? null : Record(target, set.Ttl, address));
            targetIds.Add(localIds[id]);
        }
        return new ServiceRecords(
            [.. kinds.Where(k => k.Kind != AddressKind.IPv6).Select(k => k.Record)],
            [.. kinds.Where(k => k.Kind != AddressKind.IPv4).Select(k => k.Record)],
            [.. kinds.Select(k => k.Record)],
            [.. services],
            [.. targets],
            [.. targetIds]);
    }

    /// <summary>The record answering an address question for <paramref name="owner"/>.</summary>
    public static DnsRecordBase Record(DomainName owner, int ttl, PreparedAddress address) => address.Kind switch
    {
        AddressKind.IPv4 => new ARecord(owner, ttl, address.Ip!),
        AddressKind.IPv6 => new AaaaRecord(owner, ttl, address.Ip!),
        _ => new CNameRecord(owner, ttl, address.Host!),
    };

    /// <summary>Appends <paramref name="records"/> to <paramref name="section"/> in a random order.</summary>
    public static void AddShuffled(List<DnsRecordBase> section, DnsRecordBase[] records, Random random)
    {
        var start = section.Count;
        section.EnsureCapacity(start + records.Length);
        section.AddRange(records);
        for (var i = records.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (section[start + i], section[start + j]) = (section[start + j], section[start + i]);
        }
    }

    /// <summary>The SRV records in a random order, and each distinct target's address record once as additional data.</summary>
    public void AddServices(DnsMessage response, Random random)
    {
        var count = Services.Length;
        int[]? rented = null;
        Span<int> order = count <= StackLimit ? stackalloc int[2 * StackLimit] : (rented = ArrayPool<int>.Shared.Rent(2 * count));
        var seen = order.Slice(count, count);
        order = order[..count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            seen[i] = -1;
        }
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        response.AnswerRecords.EnsureCapacity(count);
        response.AdditionalRecords.EnsureCapacity(response.AdditionalRecords.Count + count);
        foreach (var i in order)
        {
            response.AnswerRecords.Add(Services[i]);
        }
        foreach (var i in order)
        {
            // Address numbers are below the record count, so the second half of the buffer marks the ones added.
            if (Targets[i] is { } target && seen[TargetIds[i]] < 0)
            {
                seen[TargetIds[i]] = i;
                response.AdditionalRecords.Add(target);
            }
        }
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
