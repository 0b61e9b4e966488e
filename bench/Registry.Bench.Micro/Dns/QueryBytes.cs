using System.Text;

namespace Registry.Bench.Micro.Dns;

/// <summary>Wire-format standard queries (RD set, optionally with an EDNS0 OPT record).</summary>
internal static class QueryBytes
{
    public static byte[] Build(string name, ushort type, bool edns = false)
    {
        var message = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte)(edns ? 1 : 0) };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }
        message.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        if (edns)
        {
            message.AddRange([0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, 0, 0]);
        }
        return [.. message];
    }
}
