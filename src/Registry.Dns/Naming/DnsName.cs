using System.Text;

namespace Registry.Dns.Naming;

/// <summary>Conversions between configured names and their wire form (RFC 1035 section 3.1).</summary>
internal static class DnsName
{
    /// <summary>The lowercase labels of <paramref name="name"/> (a trailing dot is optional); throws when it is not a valid name.</summary>
    public static byte[][] ToLabels(string name, string setting)
    {
        var trimmed = name.Trim().TrimEnd('.');
        if (trimmed.Length == 0 || trimmed.Length > 253 || !Ascii.IsValid(trimmed))
        {
            throw new FormatException($"{setting}: '{name}' is not a DNS name.");
        }
        var labels = trimmed.ToLowerInvariant().Split('.');
        if (labels.Any(l => l.Length is 0 or > 63))
        {
            throw new FormatException($"{setting}: '{name}' has an empty label or one longer than 63 characters.");
        }
        return [.. labels.Select(Encoding.ASCII.GetBytes)];
    }

    /// <summary>The uncompressed wire form of a name made of <paramref name="labels"/>, ending in the root label.</summary>
    public static byte[] ToWire(IEnumerable<byte[]> labels)
    {
        var wire = new List<byte>();
        foreach (var label in labels)
        {
            wire.Add((byte)label.Length);
            wire.AddRange(label);
        }
        wire.Add(0);
        return [.. wire];
    }

    /// <summary>The wire form of a host name such as an instance's address; false when it cannot be one.</summary>
    public static bool TryHostToWire(string host, out byte[] wire)
    {
        wire = [];
        var trimmed = host.TrimEnd('.');
        if (trimmed.Length is 0 or > 253 || !Ascii.IsValid(trimmed))
        {
            return false;
        }
        var labels = trimmed.Split('.');
        if (labels.Any(l => l.Length is 0 or > 63 || l.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            return false;
        }
        wire = ToWire(labels.Select(Encoding.ASCII.GetBytes));
        return true;
    }
}
