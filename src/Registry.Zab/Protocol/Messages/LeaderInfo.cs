namespace Registry.Zab.Protocol.Messages;

/// <summary>Discovery, leader to learner: the epoch the leader proposes to establish.</summary>
public sealed record LeaderInfo(long Epoch) : ZabMessage
{
    public override MessageType Type => MessageType.LeaderInfo;
}
