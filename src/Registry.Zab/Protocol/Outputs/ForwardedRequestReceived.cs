namespace Registry.Zab.Protocol.Outputs;

/// <summary>Leader only: a client request forwarded by <see cref="From"/> (or by this server itself) for the leader's shell to prepare and propose.</summary>
public sealed record ForwardedRequestReceived(long From, ReadOnlyMemory<byte> Request) : ZabAction;
