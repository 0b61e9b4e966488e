namespace Registry.Zab.Protocol.Messages;

/// <summary>Leader to observer: a committed transaction (observers see no proposals and never ack).</summary>
public sealed record Inform(long Zxid, ReadOnlyMemory<byte> Payload) : ZabMessage
{
    public override MessageType Type => MessageType.Inform;
}
