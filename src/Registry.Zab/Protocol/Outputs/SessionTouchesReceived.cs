namespace Registry.Zab.Protocol.Outputs;

/// <summary>Leader only: a learner's ping carried these opaque session touches.</summary>
public sealed record SessionTouchesReceived(long From, ReadOnlyMemory<byte> Touches) : ZabAction;
