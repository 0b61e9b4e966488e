using System.Net;

namespace Registry.Dns.Options;

/// <summary>Parses <see cref="DnsOptions.Recursors"/>: <c>10.0.0.2</c>, <c>10.0.0.2:5353</c>, <c>[2001:db8::2]:53</c>.</summary>
internal static class RecursorList
{
    private const int DnsPort = 53;

    public static IReadOnlyList<IPEndPoint> Parse(IList<string> recursors)
    {
        var endPoints = new List<IPEndPoint>();
        for (var i = 0; i < recursors.Count; i++)
        {
            var text = recursors[i].Trim();
            if (IPAddress.TryParse(text, out var address))
            {
                endPoints.Add(new IPEndPoint(address, DnsPort));
            }
            else if (IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0)
            {
                endPoints.Add(endPoint);
            }
            else
            {
                throw new FormatException($"{DnsOptions.Section}:Recursors:{i}: '{recursors[i]}' is not an IP address with an optional port.");
            }
        }
        return endPoints;
    }
}
