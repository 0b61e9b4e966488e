namespace Registry.Zab.Protocol;

/// <summary>A proposal in the history: its zxid and the opaque transaction bytes the server prepared.</summary>
public readonly record struct LogEntry(long Zxid, ReadOnlyMemory<byte> Payload);
