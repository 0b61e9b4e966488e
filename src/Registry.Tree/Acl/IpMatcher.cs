using System.Net;

namespace Registry.Tree.Acl;

/// <summary>The ip scheme: an ACL id is an address or address/prefix-bits (IPv4 or IPv6).</summary>
public static class IpMatcher
{
    public const string Scheme = "ip";

    public static bool IsValidId(string id) => TryParse(id, out _, out _);

    public static bool Matches(string aclId, string clientAddress)
    {
        if (!TryParse(aclId, out var network, out var bits) || !IPAddress.TryParse(clientAddress, out var client))
        {
            return false;
        }

        if (client.IsIPv4MappedToIPv6 && network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            client = client.MapToIPv4();
        }

        if (client.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        network.TryWriteBytes(a, out var length);
        client.TryWriteBytes(b, out _);
        for (var i = 0; i < length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (b[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>IPv4 ids must be dotted quads: IPAddress also accepts "10.1" or "0x0a.0.0.1", ZooKeeper does not.</summary>
    private static bool IsFullForm(string address)
    {
        if (address.Contains(':', StringComparison.Ordinal))
        {
            return true;
        }

        var parts = address.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }

    /// <summary>Dotted quads are decimal octets (IPAddress would read a leading zero as octal).</summary>
    private static bool TryParseAddress(string address, out IPAddress parsed)
    {
        if (address.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(address, out parsed!);
        }

        var octets = new byte[4];
        var parts = address.Split('.');
        for (var i = 0; i < 4; i++)
        {
            if (!byte.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out octets[i]))
            {
                parsed = IPAddress.None;
                return false;
            }
        }

        parsed = new IPAddress(octets);
        return true;
    }

    private static bool TryParse(string id, out IPAddress network, out int bits)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? id : id[..slash];
        if (!IsFullForm(address) || !TryParseAddress(address, out network))
        {
            network = IPAddress.None;
            bits = 0;
            return false;
        }

        var max = network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            bits = max;
            return true;
        }

        return int.TryParse(id.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits)
            && bits >= 0 && bits <= max;
    }
}
