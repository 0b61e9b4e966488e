using System.Text;
using Registry.Catalog.Model;

namespace Registry.Dns.Answers;

/// <summary>An answerable instance: its address (an index into the set's distinct addresses), port, SRV weight and tags.</summary>
internal sealed record PreparedInstance(int AddressId, ushort Port, ushort Weight, byte[][] Tags)
{
    public bool HasTag(ReadOnlySpan<byte> tag)
    {
        foreach (var candidate in Tags)
        {
            if (Ascii.EqualsIgnoreCase(candidate, tag))
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
/// wanted) with their distinct addresses pre-encoded. Queries only select, shuffle and copy bytes from it.
/// </summary>
internal sealed class ServiceAnswerSet
{
    private ServiceAnswerSet(long index, uint ttl, PreparedInstance[] instances, PreparedAddress[] addresses)
    {
        Index = index;
        Ttl = ttl;
        Instances = instances;
        Addresses = addresses;
    }

    /// <summary>The service index this set was built at.</summary>
    public long Index { get; }

    public uint Ttl { get; }

    public PreparedInstance[] Instances { get; }

    public PreparedAddress[] Addresses { get; }

    public static ServiceAnswerSet Build(long index, uint ttl, IReadOnlyList<ServiceInstance> instances, bool onlyPassing)
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
                [.. instance.Tags.Select(Encoding.UTF8.GetBytes)]));
        }
        return new ServiceAnswerSet(index, ttl, [.. prepared], [.. addresses]);
    }
}
