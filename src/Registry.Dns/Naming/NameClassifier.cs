using ARSoft.Tools.Net;

namespace Registry.Dns.Naming;

/// <summary>
/// Maps a question name onto Consul's DNS naming (case-insensitively):
/// <c>[tag.]service.service[.dc[.dc]].domain</c>, <c>_service._tag[.service][.dc[.dc]].domain</c> (RFC 2782,
/// <c>_tcp</c> meaning no tag), <c>node.node[.dc[.dc]].domain</c> and <c>hexip.addr[.dc[.dc]].domain</c>.
/// </summary>
internal static class NameClassifier
{
    public static QueryTarget Classify(DomainName name, DnsZone zone)
    {
        var labels = name.Labels;
        var count = labels.Length;
        var remaining = -1;
        var domainIndex = 0;
        for (var d = 0; d < zone.Domains.Count && remaining < 0; d++)
        {
            var domain = zone.Domains[d];
            if (domain.Length > count)
            {
                continue;
            }
            var matches = true;
            for (var i = 0; i < domain.Length && matches; i++)
            {
                matches = Is(labels[count - domain.Length + i], domain[i]);
            }
            if (matches)
            {
                remaining = count - domain.Length;
                domainIndex = d;
            }
        }
        if (remaining < 0)
        {
            return new QueryTarget(TargetKind.OutOfZone);
        }
        var domainLabels = count - remaining;
        if (remaining == 0)
        {
            return new QueryTarget(TargetKind.Apex, domainIndex, domainLabels);
        }

        // The local datacenter may follow the kind label, as "dc1" or, in the newer form, "dc1.dc".
        if (remaining >= 3 && Is(labels[remaining - 1], "dc") && Is(labels[remaining - 2], zone.Datacenter))
        {
            remaining -= 2;
        }
        else if (remaining >= 2 && Is(labels[remaining - 1], zone.Datacenter))
        {
            remaining -= 1;
        }

        var kind = labels[remaining - 1];
        if (Is(kind, "service"))
        {
            if (remaining == 2)
            {
                return new QueryTarget(TargetKind.Service, domainIndex, domainLabels, labels[0].AsMemory());
            }
            if (remaining == 3)
            {
                return Service(labels[0], labels[1], domainIndex, domainLabels);
            }
        }
        else if (remaining == 2 && IsUnderscored(labels[0]) && IsUnderscored(labels[1]))
        {
            return Service(labels[0], labels[1], domainIndex, domainLabels);
        }
        else if (remaining == 2 && Is(kind, "node"))
        {
            return new QueryTarget(TargetKind.Node, domainIndex, domainLabels, labels[0].AsMemory());
        }
        else if (remaining == 2 && Is(kind, "addr"))
        {
            return new QueryTarget(TargetKind.Addr, domainIndex, domainLabels, labels[0].AsMemory());
        }
        return new QueryTarget(TargetKind.Unknown, domainIndex, domainLabels);
    }

    /// <summary>Two labels before <c>service</c>: RFC 2782's <c>_service._tag</c> when both start with '_', else <c>tag.service</c>.</summary>
    private static QueryTarget Service(string first, string second, int domainIndex, int domainLabels)
    {
        if (IsUnderscored(first) && IsUnderscored(second))
        {
            var tag = second.AsMemory(1);
            return new QueryTarget(TargetKind.Service, domainIndex, domainLabels, first.AsMemory(1), tag.Span.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? default : tag);
        }
        return new QueryTarget(TargetKind.Service, domainIndex, domainLabels, second.AsMemory(), first.AsMemory());
    }

    private static bool Is(string label, string lowercase) => string.Equals(label, lowercase, StringComparison.OrdinalIgnoreCase);

    private static bool IsUnderscored(string label) => label.Length > 1 && label[0] == '_';
}
