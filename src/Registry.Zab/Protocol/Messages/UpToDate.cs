namespace Registry.Zab.Protocol.Messages;

/// <summary>Synchronisation ends: everything up to <see cref="CommittedZxid"/> is committed; the learner starts serving.</summary>
public sealed record UpToDate(long CommittedZxid) : ZabMessage
{
    public override MessageType Type => MessageType.UpToDate;
}
