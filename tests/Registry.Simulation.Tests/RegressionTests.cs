using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests;

/// <summary>
/// Seeds on which the simulator found a bug, pinned after the fix (each fails again if its fix is reverted).
/// Seeds depend on the simulator's use of randomness: a change to the simulator that draws differently must
/// re-derive them by reverting the fix and sweeping.
/// </summary>
public sealed class RegressionTests
{
    /// <summary>
    /// A cumulative ack naming the epoch's zxid 0 made the leader mark that non-existent zxid committed; a later
    /// TRUNC then looked like dropping committed history.
    /// </summary>
    [Fact]
    public void Committed_zxid_is_always_a_real_proposal_R3() => AssertPasses(Scenario.ThreeVoters, 186);

    /// <summary>The same phantom commit point made a leader ask for a snapshot at a zxid its state never had.</summary>
    [Fact]
    public void Snapshot_is_requested_at_the_applied_zxid_R3() => AssertPasses(Scenario.ThreeVoters, 313);

    /// <summary>
    /// Two servers that each followed the other kept each other alive with FOLLOWERINFO and never re-elected
    /// (guarded twice: only leader messages count as a sign of life, and synchronisation is bounded by the init limit).
    /// </summary>
    [Fact]
    public void Learners_following_each_other_time_out_R5_O2() => AssertPasses(Scenario.FiveVotersTwoObservers, 76);

    /// <summary>A learner that missed LEADERINFO while looking repeated FOLLOWERINFO to a leader that ignored it.</summary>
    [Fact]
    public void Leader_repeats_LEADERINFO_to_a_rejoining_learner_R3() => AssertPasses(Scenario.ThreeVoters, 354);

    /// <summary>Followers that joined in different election rounds reported different votes, so a restarted server never saw a quorum agree.</summary>
    [Fact]
    public void Restarted_server_joins_a_leader_whose_followers_joined_in_different_rounds_R5_O2() =>
        AssertPasses(Scenario.FiveVotersTwoObservers, 634);

    /// <summary>
    /// A follower persisted the new currentEpoch on NEWLEADER before the synchronised history was durable; after
    /// a crash it won the election with the new epoch and a short log, and truncated committed proposals.
    /// </summary>
    [Fact]
    public void CurrentEpoch_is_adopted_only_after_the_history_is_durable_R3() => AssertPasses(Scenario.ThreeVoters, 5364);

    /// <summary>The same early currentEpoch made a server apply a different proposal at a committed index.</summary>
    [Fact]
    public void CurrentEpoch_is_adopted_only_after_the_history_is_durable_R5_O2() => AssertPasses(Scenario.FiveVotersTwoObservers, 4744);

    /// <summary>An observer synchronising with a leader that restarted its role was kept waiting forever by its pings.</summary>
    [Fact]
    public void A_learner_not_up_to_date_within_the_init_limit_looks_again_R5_O2() => AssertPasses(Scenario.FiveVotersTwoObservers, 1768);

    /// <summary>
    /// A server that accepted a rival's epoch that was never established refused the established leader's lower
    /// epoch forever; the leader now steps down so that the next epoch exceeds every promise.
    /// </summary>
    [Fact]
    public void A_server_that_promised_a_later_epoch_rejoins_R3() => AssertPasses(Scenario.ThreeVoters, 27894);

    private static void AssertPasses(Scenario scenario, int seed)
    {
        var result = Simulator.Run(scenario, seed, traceLines: 100);
        Assert.True(result.Passed, $"seed {seed}: {result.Violation}{Environment.NewLine}{result.Trace}");
        Assert.True(result.AckedWrites > 0, $"seed {seed} acknowledged no write");
    }
}
