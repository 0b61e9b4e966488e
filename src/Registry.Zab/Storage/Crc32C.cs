using System.Buffers.Binary;
using System.Numerics;

namespace Registry.Zab.Storage;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF), the checksum
/// of iSCSI, ext4 metadata and etcd's WAL. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC
/// instruction where there is one (SSE4.2, Armv8), which System.IO.Hashing does not offer for this polynomial.
/// </summary>
internal static class Crc32C
{
    /// <summary>Extends <paramref name="crc"/>, the CRC-32C of some preceding bytes (0 for none), over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }
}
