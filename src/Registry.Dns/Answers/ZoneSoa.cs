using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Naming;
using Registry.Dns.Options;

namespace Registry.Dns.Answers;

/// <summary>
/// <c>&lt;domain&gt; SOA ns.&lt;domain&gt; hostmaster.&lt;domain&gt; serial 3600 600 86400 min</c> like Consul's, the
/// domain spelled as in the question and the serial the current Unix time. Negative answers carry it on every
/// NXDOMAIN and NODATA, so the last few spellings per domain are kept for the current second and shared.
/// </summary>
internal sealed class ZoneSoa(TtlPolicy ttls, TimeProvider time, int domains)
{
    /// <summary>Spellings kept per domain: case usually repeats (<c>consul.</c>), 0x20-randomised case never does.</summary>
    private const int SpellingsPerDomain = 4;

    private readonly SoaRecord?[] _recent = new SoaRecord?[domains * SpellingsPerDomain];
    private int _replaced;

    /// <summary>The SOA of the domain ending <paramref name="question"/> (<see cref="QueryTarget.DomainLabels"/> labels).</summary>
    public SoaRecord For(DomainName question, in QueryTarget target)
    {
        var serial = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        var first = target.DomainIndex * SpellingsPerDomain;
        for (var i = first; i < first + SpellingsPerDomain; i++)
        {
            if (Volatile.Read(ref _recent[i]) is { } kept && kept.SerialNumber == serial && EndsWith(question, kept.Name))
            {
                return kept;
            }
        }
        var domain = question.GetParentName(question.LabelCount - target.DomainLabels);
        var soa = new SoaRecord(domain, ttls.SoaMinimum, new DomainName(["ns"]) + domain, new DomainName(["hostmaster"]) + domain,
            serial, 3600, 600, 86400, ttls.SoaMinimum);
        var slot = first + (int)((uint)Interlocked.Increment(ref _replaced) % SpellingsPerDomain);
        Volatile.Write(ref _recent[slot], soa);
        return soa;
    }

    /// <summary>Whether the last labels of <paramref name="name"/> are <paramref name="domain"/>'s, including case.</summary>
    private static bool EndsWith(DomainName name, DomainName domain)
    {
        var labels = name.Labels;
        var suffix = domain.Labels;
        var offset = labels.Length - suffix.Length;
        if (offset < 0)
        {
            return false;
        }
        for (var i = 0; i < suffix.Length; i++)
        {
            if (!string.Equals(labels[offset + i], suffix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
