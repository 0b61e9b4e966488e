using Registry.Catalog.Index;
using Registry.Health.Scheduling;

namespace Registry.Health.Ownership;

/// <summary>Which server runs each check, as this server sees the cluster: what the ensemble view shows.</summary>
public static class CheckAssignments
{
    /// <summary>Every live member with the ids of the checks it owns (possibly none), by member id.</summary>
    public static SortedDictionary<int, List<string>> Of(ServiceCatalog catalog, CheckOwnership ownership)
    {
        var owners = new SortedDictionary<int, List<string>>();
        foreach (var member in ownership.Cluster.LiveMembers)
        {
            owners[member] = [];
        }

        foreach (var entry in catalog.AllEntries())
        {
            foreach (var check in entry.Document.Checks)
            {
                var owner = ownership.OwnerOf(CheckRunner.KeyOf(entry.Instance.Znode, check.CheckId));
                if (owners.TryGetValue(owner, out var checks))
                {
                    checks.Add(check.CheckId);
                }
            }
        }

        foreach (var checks in owners.Values)
        {
            checks.Sort(StringComparer.Ordinal);
        }

        return owners;
    }
}
