namespace Registry.Zab.Protocol.Outputs;

/// <summary>Durably record acceptedEpoch before any later message is sent (synchronous write).</summary>
public sealed record PersistAcceptedEpoch(long Epoch) : ZabAction;
