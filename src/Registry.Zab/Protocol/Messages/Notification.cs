namespace Registry.Zab.Protocol.Messages;

/// <summary>Fast leader election: the sender's current vote, its election round and its own state.</summary>
public sealed record Notification(Vote Vote, long Round, ZabRole State) : ZabMessage
{
    public override MessageType Type => MessageType.Notification;
}
