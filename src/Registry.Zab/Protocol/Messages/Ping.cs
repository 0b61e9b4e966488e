namespace Registry.Zab.Protocol.Messages;

/// <summary>
/// Liveness in both directions. From a learner it carries the opaque session touches its shell queued since the
/// last ping (concatenated: the shell's encoding must be self-delimiting); from the leader it is empty.
/// </summary>
public sealed record Ping(ReadOnlyMemory<byte> SessionTouches) : ZabMessage
{
    public override MessageType Type => MessageType.Ping;
}
