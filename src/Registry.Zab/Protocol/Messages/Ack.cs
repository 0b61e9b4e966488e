namespace Registry.Zab.Protocol.Messages;

/// <summary>
/// Learner to leader: every proposal up to <see cref="Zxid"/> of the current epoch is durable on the learner
/// (cumulative, so one ack covers a group commit). The first ack after NEWLEADER acknowledges NEWLEADER.
/// </summary>
public sealed record Ack(long Zxid) : ZabMessage
{
    public override MessageType Type => MessageType.Ack;
}
