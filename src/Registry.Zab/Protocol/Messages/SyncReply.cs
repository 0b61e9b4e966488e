namespace Registry.Zab.Protocol.Messages;

/// <summary>Leader to learner: the sync is done; it follows the commits it waited for on the same link.</summary>
public sealed record SyncReply(long RequestId) : ZabMessage
{
    public override MessageType Type => MessageType.SyncReply;
}
