namespace Registry.Zab.Protocol.Outputs;

/// <summary>The role, phase, leader or epoch changed (readiness, routing of writes, metrics).</summary>
public sealed record StatusChanged(ZabStatus Status) : ZabAction;
