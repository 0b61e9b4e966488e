namespace Registry.Zab.Protocol.Outputs;

/// <summary>Durably record currentEpoch before any later message is sent (synchronous write).</summary>
public sealed record PersistCurrentEpoch(long Epoch) : ZabAction;
