using System.Text;

namespace Registry.Bench.Workloads;

/// <summary>Request bodies, built once per run and shared by every request.</summary>
internal static class Payload
{
    /// <summary>Printable filler, so a payload seen in a server log or dump is recognisable.</summary>
    public static byte[] Filler(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    /// <summary>A service-instance record of about <paramref name="size"/> bytes, the kind a registering service writes.</summary>
    public static byte[] ServiceInstance(int size)
    {
        const string head = """{"name":"bench-svc","address":"127.0.0.1","port":8080,"protocol":"http","weight":100,"zone":"local","version":"1.0.0","metadata":{"pad":""";
        const string tail = "\"}}";
        var pad = Math.Max(0, size - head.Length - tail.Length);
        return Encoding.UTF8.GetBytes(string.Concat(head, new string('x', pad), tail));
    }
}
