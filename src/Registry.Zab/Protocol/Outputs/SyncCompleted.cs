namespace Registry.Zab.Protocol.Outputs;

/// <summary>A sync requested with <see cref="ZabNode.RequestSync"/> is done: the commits it waited for precede it in the actions.</summary>
public sealed record SyncCompleted(long RequestId) : ZabAction;
