using Registry.Zab.Protocol.Messages;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>What travels on a simulated link: a peer message, or a whole snapshot streamed for SNAP.</summary>
internal sealed record SimPacket(ZabMessage? Message, ReplicaState? Snapshot, long SnapshotZxid);
