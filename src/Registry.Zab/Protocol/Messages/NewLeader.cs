namespace Registry.Zab.Protocol.Messages;

/// <summary>Synchronisation: the history is sent; the learner adopts the epoch of <see cref="Zxid"/> as currentEpoch and acks once durable.</summary>
public sealed record NewLeader(long Zxid) : ZabMessage
{
    public override MessageType Type => MessageType.NewLeader;
}
