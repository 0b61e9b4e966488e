namespace Registry.Zab.Protocol.Messages;

/// <summary>
/// Synchronisation by SNAP: a piece of the leader's committed state at <see cref="Zxid"/>, streamed by the
/// shell (never by the core) in response to <see cref="Outputs.SendSnapshot"/>; <see cref="Last"/> ends it.
/// The receiving shell collects the whole snapshot and installs it once <see cref="ZabNode.AcceptSnapshot"/> agrees.
/// </summary>
public sealed record SnapshotChunk(long Zxid, ReadOnlyMemory<byte> Data, bool Last) : ZabMessage
{
    public override MessageType Type => MessageType.SnapshotChunk;
}
