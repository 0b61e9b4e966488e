using System.Text;
using ARSoft.Tools.Net;

namespace Registry.Dns.Naming;

/// <summary>Validation of configured names and of host names registered as instance addresses.</summary>
internal static class DnsName
{
    /// <summary>The lowercase labels of <paramref name="name"/> (a trailing dot is optional); throws when it is not a valid name.</summary>
    public static string[] ToLabels(string name, string setting)
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
        return labels;
    }

    /// <summary>A host name such as an instance's address; false when it cannot be one.</summary>
    public static bool TryParseHost(string host, out DomainName name)
    {
        name = DomainName.Root;
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
        name = new DomainName(labels);
        return true;
    }
}
