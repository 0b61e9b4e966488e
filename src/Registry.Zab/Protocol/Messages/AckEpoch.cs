namespace Registry.Zab.Protocol.Messages;

/// <summary>
/// Discovery, learner to leader: the learner accepted the new epoch. It carries its currentEpoch and last zxid so
/// the leader can plan the synchronisation. <see cref="AlreadyAccepted"/> is set when the learner had accepted
/// that epoch before: such an ack does not count towards establishing it (two leaders may propose one epoch).
/// </summary>
public sealed record AckEpoch(long CurrentEpoch, long LastZxid, bool AlreadyAccepted) : ZabMessage
{
    public override MessageType Type => MessageType.AckEpoch;
}
