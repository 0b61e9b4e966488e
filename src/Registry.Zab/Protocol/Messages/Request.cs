namespace Registry.Zab.Protocol.Messages;

/// <summary>Learner to leader: an opaque client request the learner's shell forwards to the leader's shell.</summary>
public sealed record Request(ReadOnlyMemory<byte> Payload) : ZabMessage
{
    public override MessageType Type => MessageType.Request;
}
