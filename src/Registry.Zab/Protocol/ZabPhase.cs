namespace Registry.Zab.Protocol;

/// <summary>The ZAB phase of a server: only <see cref="Broadcast"/> serves writes (leader) or is in sync (learner).</summary>
public enum ZabPhase : byte
{
    Election = 1,
    Discovery = 2,
    Synchronization = 3,
    Broadcast = 4,
}
