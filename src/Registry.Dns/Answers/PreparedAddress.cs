using System.Net;
using System.Net.Sockets;
using System.Text;
using Registry.Dns.Naming;

namespace Registry.Dns.Answers;

/// <summary>
/// An instance or node address in the bytes it is answered with: the RDATA of its A/AAAA record (or the wire
/// name a CNAME points to), and the leading part of its SRV target. An IP's SRV target is
/// <c>&lt;hex-ip&gt;.addr.&lt;dc&gt;.&lt;domain&gt;</c> like Consul's, resolvable from the additional section and by
/// itself; a host name is its own target.
/// </summary>
internal sealed class PreparedAddress
{
    private PreparedAddress(AddressKind kind, byte[] data, byte[] targetPrefix)
    {
        Kind = kind;
        Data = data;
        TargetPrefix = targetPrefix;
    }

    public AddressKind Kind { get; }

    /// <summary>4 or 16 address bytes, or a host's wire name.</summary>
    public byte[] Data { get; }

    /// <summary>The SRV target's first label (IP) or whole wire name (host).</summary>
    public byte[] TargetPrefix { get; }

    public ushort RecordType => Kind switch
    {
        AddressKind.IPv4 => Wire.RecordType.A,
        AddressKind.IPv6 => Wire.RecordType.Aaaa,
        _ => Wire.RecordType.Cname,
    };

    /// <summary>Length of the SRV target once the domain's <c>addr</c> suffix (IPs only) is appended.</summary>
    public int TargetLength(byte[] addrSuffix) => TargetPrefix.Length + (Kind == AddressKind.Host ? 0 : addrSuffix.Length);

    /// <summary>Prepares <paramref name="address"/>; false when it is empty or neither an IP nor a host name.</summary>
    public static bool TryCreate(string address, out PreparedAddress prepared)
    {
        prepared = null!;
        if (IPAddress.TryParse(address, out var ip))
        {
            var kind = ip.AddressFamily == AddressFamily.InterNetwork ? AddressKind.IPv4 : AddressKind.IPv6;
            var bytes = ip.GetAddressBytes();
            var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes));
            prepared = new PreparedAddress(kind, bytes, [(byte)hex.Length, .. hex]);
            return true;
        }
        if (DnsName.TryHostToWire(address, out var wire))
        {
            prepared = new PreparedAddress(AddressKind.Host, wire, wire);
            return true;
        }
        return false;
    }

    /// <summary>Decodes the hex label of an <c>addr</c> name (8 digits: IPv4, 32: IPv6) into <paramref name="bytes"/>.</summary>
    public static bool TryParseHexLabel(ReadOnlySpan<byte> label, Span<byte> bytes, out int length)
    {
        length = label.Length / 2;
        if (label.Length is not (8 or 32))
        {
            return false;
        }
        for (var i = 0; i < length; i++)
        {
            var high = HexValue(label[2 * i]);
            var low = HexValue(label[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }
            bytes[i] = (byte)((high << 4) | low);
        }
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
