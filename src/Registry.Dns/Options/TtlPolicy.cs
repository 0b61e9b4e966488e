namespace Registry.Dns.Options;

/// <summary>
/// TTLs resolved from <see cref="DnsOptions"/> once at start-up, so answers look them up without parsing.
/// A service's TTL: its exact entry, else the longest matching <c>prefix*</c> entry, else <c>*</c>, else 0.
/// </summary>
internal sealed class TtlPolicy
{
    private readonly Dictionary<string, int> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Prefix, int Ttl)> _prefixes = [];
    private readonly int _wildcard;

    public TtlPolicy(DnsOptions options)
    {
        foreach (var (pattern, value) in options.ServiceTtl)
        {
            var ttl = TtlValue.Parse($"{DnsOptions.Section}:ServiceTtl:{pattern}", value);
            if (pattern == "*")
            {
                _wildcard = ttl;
            }
            else if (pattern.EndsWith('*'))
            {
                _prefixes.Add((pattern[..^1], ttl));
            }
            else
            {
                _exact[pattern] = ttl;
            }
        }
        _prefixes.Sort((a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
        Node = TtlValue.Parse($"{DnsOptions.Section}:NodeTtl", options.NodeTtl);
        SoaMinimum = TtlValue.Parse($"{DnsOptions.Section}:SoaMinTtl", options.SoaMinTtl);
    }

    public int Node { get; }

    public int SoaMinimum { get; }

    public int ForService(string service)
    {
        if (_exact.TryGetValue(service, out var ttl))
        {
            return ttl;
        }
        foreach (var (prefix, prefixTtl) in _prefixes)
        {
            if (service.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return prefixTtl;
            }
        }
        return _wildcard;
    }
}
