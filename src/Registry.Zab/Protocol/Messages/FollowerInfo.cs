namespace Registry.Zab.Protocol.Messages;

/// <summary>Discovery, learner to leader: the learner's acceptedEpoch, from which the leader picks the new epoch.</summary>
public sealed record FollowerInfo(long AcceptedEpoch) : ZabMessage
{
    public override MessageType Type => MessageType.FollowerInfo;
}
