using System.Buffers.Binary;

namespace Registry.Server.Ensemble.Transport;

/// <summary>
/// The first bytes the dialing server sends: a magic number and its server id (<c>magic int32 | id int64</c>,
/// little-endian). The id tells the accepting side which peer the connection belongs to; every frame after it
/// names its sender too, and the replication loop drops a connection whose frames name someone else.
/// </summary>
internal static class PeerHandshake
{
    public const int Length = 12;
    private const int Magic = 0x42_41_5A_52; // "RZAB"

    public static byte[] Encode(long serverId)
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), serverId);
        return bytes;
    }

    /// <summary>The dialing server's id, or null when the bytes are not a handshake.</summary>
    public static long? Decode(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length && BinaryPrimitives.ReadInt32LittleEndian(bytes) == Magic ? BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]) : null;
}
