namespace Registry.Zab.Protocol.Messages;

/// <summary>Broadcast (and the history during synchronisation): a transaction for a follower to log.</summary>
public sealed record Proposal(long Zxid, ReadOnlyMemory<byte> Payload) : ZabMessage
{
    public override MessageType Type => MessageType.Proposal;
}
