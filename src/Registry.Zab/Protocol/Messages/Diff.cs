namespace Registry.Zab.Protocol.Messages;

/// <summary>Synchronisation: the learner's log up to <see cref="Zxid"/> matches the leader's; proposals after it follow.</summary>
public sealed record Diff(long Zxid) : ZabMessage
{
    public override MessageType Type => MessageType.Diff;
}
