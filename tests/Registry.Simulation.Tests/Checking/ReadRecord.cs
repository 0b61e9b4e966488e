namespace Registry.Simulation.Tests.Checking;

/// <summary>A local read: what it returned, the zxid of the state it saw, and what the client had seen and written before.</summary>
internal sealed record ReadRecord(int Client, long Server, int Key, int Value, long Zxid, long SeenBefore, long OwnWriteBefore);
