namespace Registry.Simulation.Tests.Simulation;

/// <summary>Deliberate bugs in the simulated shell, proving that the checkers catch a broken replication.</summary>
public enum Mutation
{
    None,

    /// <summary>The leader's link forges an ack from every follower it sends a proposal to: commits without a quorum.</summary>
    ForgedAcks,

    /// <summary>The disk reports appends durable before they are fsynced: acks before fsync, lost on a crash.</summary>
    FsyncLie,
}
