namespace Registry.Zab.Protocol.Messages;

/// <summary>Synchronisation: the learner must drop its log after <see cref="Zxid"/> (proposals no quorum accepted); proposals after it follow.</summary>
public sealed record Trunc(long Zxid) : ZabMessage
{
    public override MessageType Type => MessageType.Trunc;
}
