using System.Text;

namespace Registry.Dns.Naming;

/// <summary>
/// Maps a question name onto Consul's DNS naming (case-insensitively):
/// <c>[tag.]service.service[.dc[.dc]].domain</c>, <c>_service._tag[.service][.dc[.dc]].domain</c> (RFC 2782,
/// <c>_tcp</c> meaning no tag), <c>node.node[.dc[.dc]].domain</c> and <c>hexip.addr[.dc[.dc]].domain</c>.
/// </summary>
internal static class NameClassifier
{
    public static QueryTarget Classify(ReadOnlySpan<byte> message, ReadOnlySpan<int> labelStarts, DnsZone zone)
    {
        var target = default(QueryTarget);
        var count = labelStarts.Length;
        var remaining = -1;
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
                matches = Ascii.EqualsIgnoreCase(Label(message, labelStarts[count - domain.Length + i]), domain[i]);
            }
            if (matches)
            {
                remaining = count - domain.Length;
                target.DomainIndex = d;
                target.DomainOffset = labelStarts[remaining];
            }
        }
        if (remaining < 0)
        {
            target.Kind = TargetKind.OutOfZone;
            return target;
        }
        if (remaining == 0)
        {
            target.Kind = TargetKind.Apex;
            return target;
        }

        // The local datacenter may follow the kind label, as "dc1" or, in the newer form, "dc1.dc".
        if (remaining >= 3 && Is(message, labelStarts[remaining - 1], "dc"u8)
            && Ascii.EqualsIgnoreCase(Label(message, labelStarts[remaining - 2]), zone.Datacenter))
        {
            remaining -= 2;
        }
        else if (remaining >= 2 && Ascii.EqualsIgnoreCase(Label(message, labelStarts[remaining - 1]), zone.Datacenter))
        {
            remaining -= 1;
        }

        target.Kind = TargetKind.Unknown;
        var kind = labelStarts[remaining - 1];
        if (Is(message, kind, "service"u8))
        {
            if (remaining == 2)
            {
                Set(ref target, TargetKind.Service, message, labelStarts[0], 0);
            }
            else if (remaining == 3)
            {
                ClassifyService(ref target, message, labelStarts[0], labelStarts[1]);
            }
        }
        else if (remaining == 2 && StartsWithUnderscore(message, labelStarts[0]) && StartsWithUnderscore(message, labelStarts[1]))
        {
            ClassifyService(ref target, message, labelStarts[0], labelStarts[1]);
        }
        else if (remaining == 2 && Is(message, kind, "node"u8))
        {
            Set(ref target, TargetKind.Node, message, labelStarts[0], 0);
        }
        else if (remaining == 2 && Is(message, kind, "addr"u8))
        {
            Set(ref target, TargetKind.Addr, message, labelStarts[0], 0);
        }
        return target;
    }

    /// <summary>Two labels before <c>service</c>: RFC 2782's <c>_service._tag</c> when both start with '_', else <c>tag.service</c>.</summary>
    private static void ClassifyService(ref QueryTarget target, ReadOnlySpan<byte> message, int first, int second)
    {
        if (StartsWithUnderscore(message, first) && StartsWithUnderscore(message, second))
        {
            Set(ref target, TargetKind.Service, message, first, 1);
            var tag = Label(message, second)[1..];
            target.TagOffset = second + 2;
            target.TagLength = Ascii.EqualsIgnoreCase(tag, "tcp"u8) ? 0 : tag.Length;
            return;
        }
        Set(ref target, TargetKind.Service, message, second, 0);
        target.TagOffset = first + 1;
        target.TagLength = message[first];
    }

    private static void Set(ref QueryTarget target, TargetKind kind, ReadOnlySpan<byte> message, int labelStart, int skip)
    {
        target.Kind = kind;
        target.NameOffset = labelStart + 1 + skip;
        target.NameLength = message[labelStart] - skip;
    }

    private static ReadOnlySpan<byte> Label(ReadOnlySpan<byte> message, int start) => message.Slice(start + 1, message[start]);

    private static bool Is(ReadOnlySpan<byte> message, int start, ReadOnlySpan<byte> lowercase) =>
        Ascii.EqualsIgnoreCase(Label(message, start), lowercase);

    private static bool StartsWithUnderscore(ReadOnlySpan<byte> message, int start) => message[start] > 1 && message[start + 1] == (byte)'_';
}
