using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using Registry.Dns.Naming;

namespace Registry.Dns.Answers;

/// <summary>
/// An instance or node address as it is answered: an IP (an A or AAAA record) or a host name (a CNAME, and
/// its own SRV target). An IP's SRV target is <c>&lt;hex-ip&gt;.addr.&lt;dc&gt;.&lt;domain&gt;</c> like Consul's,
/// resolvable from the additional section and by itself.
/// </summary>
internal sealed class PreparedAddress
{
    private PreparedAddress(AddressKind kind, IPAddress? ip, DomainName? host, string hexLabel)
    {
        Kind = kind;
        Ip = ip;
        Host = host;
        HexLabel = hexLabel;
    }

    public AddressKind Kind { get; }

    /// <summary>The address of an IPv4 or IPv6 kind.</summary>
    public IPAddress? Ip { get; }

    /// <summary>The name of a <see cref="AddressKind.Host"/>.</summary>
    public DomainName? Host { get; }

    /// <summary>The first label of an IP's SRV target.</summary>
    public string HexLabel { get; }

    /// <summary>Prepares <paramref name="address"/>; false when it is empty or neither an IP nor a host name.</summary>
    public static bool TryCreate(string address, out PreparedAddress prepared)
    {
        prepared = null!;
        if (IPAddress.TryParse(address, out var ip))
        {
            var kind = ip.AddressFamily == AddressFamily.InterNetwork ? AddressKind.IPv4 : AddressKind.IPv6;
            prepared = new PreparedAddress(kind, ip, null, Convert.ToHexStringLower(ip.GetAddressBytes()));
            return true;
        }
        if (DnsName.TryParseHost(address, out var host))
        {
            prepared = new PreparedAddress(AddressKind.Host, null, host, "");
            return true;
        }
        return false;
    }

    /// <summary>Decodes the hex label of an <c>addr</c> name (8 digits: IPv4, 32: IPv6).</summary>
    public static bool TryParseHexLabel(ReadOnlySpan<char> label, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[16];
        if (label.Length is not (8 or 32))
        {
            return false;
        }
        for (var i = 0; i < label.Length / 2; i++)
        {
            if (!byte.TryParse(label.Slice(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        address = new IPAddress(bytes[..(label.Length / 2)]);
        return true;
    }
}
