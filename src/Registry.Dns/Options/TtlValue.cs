using System.Globalization;

namespace Registry.Dns.Options;

/// <summary>Parses a TTL setting: whole seconds (<c>30</c>) or a duration in Consul's style (<c>30s</c>, <c>5m</c>, <c>1h</c>).</summary>
internal static class TtlValue
{
    public static int Parse(string key, string value)
    {
        var text = value.Trim();
        var multiplier = 1u;
        if (text.Length > 0 && char.IsAsciiLetter(text[^1]))
        {
            multiplier = char.ToLowerInvariant(text[^1]) switch
            {
                's' => 1u,
                'm' => 60u,
                'h' => 3600u,
                _ => 0u,
            };
            text = text[..^1];
        }
        if (multiplier == 0 || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount > int.MaxValue / multiplier)
        {
            throw new FormatException($"{key}: '{value}' is not a TTL (seconds, or a number followed by s, m or h).");
        }
        return (int)(amount * multiplier);
    }
}
