namespace Registry.Zab.Protocol.Outputs;

/// <summary>Durably drop every log record after <see cref="AfterZxid"/> before doing anything later in the batch.</summary>
public sealed record TruncateLog(long AfterZxid) : ZabAction;
