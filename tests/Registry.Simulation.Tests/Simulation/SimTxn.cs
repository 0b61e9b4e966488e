using System.Buffers.Binary;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>The simulated application's transaction: client <see cref="Client"/>'s write <see cref="Op"/> of a value to a key, held by server <see cref="Origin"/>.</summary>
internal readonly record struct SimTxn(int Client, int Op, long Origin, int Key, int Value)
{
    private const int Size = 24;

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Client);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Op);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), Origin);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), Key);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), Value);
        return bytes;
    }

    public static SimTxn Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new SimulationViolationException($"a transaction of {bytes.Length} bytes reached the state machine");
        }

        return new SimTxn(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]));
    }
}
