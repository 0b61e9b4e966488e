using System.Text;

namespace Registry.Health.Ownership;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: each check goes to the live member with the highest
/// hash(member, check). When a member dies only its checks move, spread evenly over the rest.
/// </summary>
public sealed class CheckOwnership(IClusterView cluster)
{
    public IClusterView Cluster => cluster;

    public bool IsMine(string checkKey) => OwnerOf(checkKey) == cluster.Self;

    public int OwnerOf(string checkKey)
    {
        var members = cluster.LiveMembers;
        var best = -1;
        ulong bestScore = 0;
        foreach (var member in members)
        {
            var score = Score(member, checkKey);
            if (best < 0 || score > bestScore || (score == bestScore && member < best))
            {
                best = member;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>FNV-1a over the member id and the key, then a 64-bit finaliser so nearby ids spread.</summary>
    private static ulong Score(int member, string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in BitConverter.GetBytes(member))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }
}
