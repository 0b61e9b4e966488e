using System.Collections.Concurrent;
using ARSoft.Tools.Net;
using Registry.Catalog.Model;

namespace Registry.Dns.Answers;

/// <summary>An answerable instance: its address (an index into the set's distinct addresses), port, SRV weight and tags.</summary>
internal sealed record PreparedInstance(int AddressId, ushort Port, ushort Weight, string[] Tags)
{
    public bool HasTag(ReadOnlySpan<char> tag)
    {
        foreach (var candidate in Tags)
        {
            if (tag.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// Everything needed to answer for one service, computed once per change of the service's index: the
/// instances that may be answered (never critical ones, and no warning ones when only passing ones are
/// wanted) with their distinct addresses, and the ARSoft records built from them per question name
/// (<see cref="ServiceRecords"/>). Queries only select and shuffle those shared, immutable records.
/// </summary>
internal sealed class ServiceAnswerSet
{
    /// <summary>Question spellings (case, tag, domain) whose records are kept; others are built per query.</summary>
    private const int MaxCachedNames = 32;

    private readonly ConcurrentDictionary<DomainName, ServiceRecords> _records = new(ExactNameComparer.Instance);

    private ServiceAnswerSet(long index, int ttl, PreparedInstance[] instances, PreparedAddress[] addresses)
    {
        Index = index;
        Ttl = ttl;
        Instances = instances;
        Addresses = addresses;
    }

    /// <summary>The service index this set was built at.</summary>
    public long Index { get; }

    public int Ttl { get; }

    public PreparedInstance[] Instances { get; }

    public PreparedAddress[] Addresses { get; }

    public static ServiceAnswerSet Build(long index, int ttl, IReadOnlyList<ServiceInstance> instances, bool onlyPassing)
    {
        var addressIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var addresses = new List<PreparedAddress>();
        var prepared = new List<PreparedInstance>();
        foreach (var instance in instances)
        {
            if (instance.Health == HealthStatus.Critical || (onlyPassing && instance.Health != HealthStatus.Passing))
            {
                continue;
            }
            if (!addressIds.TryGetValue(instance.Address, out var addressId))
            {
                // The catalog fills in the node's address when an instance has none; one that is still empty or
                // unusable cannot be answered in DNS (it stays visible through the HTTP APIs).
                if (!PreparedAddress.TryCreate(instance.Address, out var address))
                {
                    continue;
                }
                addressId = addresses.Count;
                addresses.Add(address);
                addressIds.Add(instance.Address, addressId);
            }
            var weight = instance.Health == HealthStatus.Passing ? instance.Weights.Passing : instance.Weights.Warning;
            prepared.Add(new PreparedInstance(
                addressId,
                (ushort)Math.Clamp(instance.Port, 0, ushort.MaxValue),
                (ushort)Math.Clamp(weight, 0, ushort.MaxValue),
                [.. instance.Tags]));
        }
        return new ServiceAnswerSet(index, ttl, [.. prepared], [.. addresses]);
    }

    /// <summary>
    /// The records answering <paramref name="owner"/> (the question name exactly as asked, so answers echo its
    /// case), for the instances carrying <paramref name="tag"/> (all when empty), SRV targets under <paramref name="addrSuffix"/>.
    /// </summary>
    public ServiceRecords RecordsFor(DomainName owner, ReadOnlySpan<char> tag, DomainName addrSuffix)
    {
        if (_records.TryGetValue(owner, out var records))
        {
            return records;
        }
        records = ServiceRecords.Build(this, owner, tag, addrSuffix);
        if (_records.Count < MaxCachedNames)
        {
            _records.TryAdd(owner, records);
        }
        return records;
    }

    /// <summary>Names equal label for label including case; hashed like ARSoft's (case-insensitively, cached in the name).</summary>
    private sealed class ExactNameComparer : IEqualityComparer<DomainName>
    {
        public static ExactNameComparer Instance { get; } = new();

        public bool Equals(DomainName? x, DomainName? y) => x is null ? y is null : x.Equals(y, ignoreCase: false);

        public int GetHashCode(DomainName obj) => obj.GetHashCode();
    }
}
