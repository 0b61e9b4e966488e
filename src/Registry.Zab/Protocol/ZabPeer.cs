namespace Registry.Zab.Protocol;

/// <summary>A member of the ensemble: voters elect and ack; observers replicate and never vote or ack.</summary>
public readonly record struct ZabPeer(long Id, bool IsObserver = false);
