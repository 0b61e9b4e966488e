namespace Registry.Zab.Protocol.Outputs;

/// <summary>
/// Append a proposal to the transaction log. The write may be buffered and fsynced in a group; the shell reports
/// durability with <see cref="ZabNode.LogDurable"/>, and only then does the core ack it.
/// </summary>
public sealed record AppendToLog(LogEntry Entry) : ZabAction;
