namespace Registry.Zab.Storage;

/// <summary>One transaction log record: its zxid and the opaque transaction bytes appended with it.</summary>
public readonly record struct LogRecord(long Zxid, ReadOnlyMemory<byte> Payload);
