using System.Buffers.Binary;

namespace Registry.Server.Ensemble.Replication;

/// <summary>Session touches carried to the leader in learner pings: session ids as int64 little-endian, concatenated.</summary>
internal static class SessionTouches
{
    public static byte[] Encode(IReadOnlyCollection<long> sessionIds)
    {
        var bytes = new byte[sessionIds.Count * 8];
        var offset = 0;
        foreach (var id in sessionIds)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset), id);
            offset += 8;
        }

        return bytes;
    }

    /// <summary>The ids in <paramref name="touches"/>; a trailing partial id (never sent by this encoder) is ignored.</summary>
    public static IReadOnlyList<long> Decode(ReadOnlySpan<byte> touches)
    {
        var ids = new long[touches.Length / 8];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(touches[(i * 8)..]);
        }

        return ids;
    }
}
