namespace Registry.Simulation.Tests.Simulation;

/// <summary>What travels on a simulated link: an encoded peer frame, or a whole snapshot streamed for SNAP.</summary>
internal sealed record SimPacket(byte[]? Frame, ReplicaState? Snapshot, long SnapshotZxid);
