namespace Registry.Zab.Protocol.Outputs;

/// <summary>Apply a committed transaction to the state machine; commits arrive exactly once each, in zxid order.</summary>
public sealed record ApplyCommitted(LogEntry Entry) : ZabAction;
