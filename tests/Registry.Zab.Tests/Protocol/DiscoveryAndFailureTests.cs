using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Tests.Protocol;

public sealed class DiscoveryAndFailureTests
{
    private static readonly List<ZabPeer> Three = [new(1), new(2), new(3)];

    [Fact]
    public void The_new_epoch_is_one_above_the_highest_accepted_epoch_of_a_quorum()
    {
        var leader = new ZabNode(Options(3), new ZabRecoveredState(4, 4, 0, []));
        ElectSelf(leader);
        leader.TakeReady();

        leader.Step(1, new FollowerInfo(AcceptedEpoch: 7));
        var actions = leader.TakeReady().Actions;

        var persisted = actions.OfType<PersistAcceptedEpoch>().Single();
        Assert.Equal(8, persisted.Epoch);
        var leaderInfo = actions.OfType<SendMessage>().Single(s => s.Message is LeaderInfo);
        Assert.Equal(new LeaderInfo(8), leaderInfo.Message);
        Assert.True(actions.ToList().IndexOf(persisted) < actions.ToList().IndexOf(leaderInfo), "acceptedEpoch is durable before LEADERINFO goes out");
    }

    [Fact]
    public void A_leader_steps_down_for_a_learner_that_promised_a_later_epoch()
    {
        var leader = new ZabNode(Options(3), ZabRecoveredState.Empty);
        ElectSelf(leader);
        leader.Step(1, new FollowerInfo(AcceptedEpoch: 0));
        Assert.Contains(leader.TakeReady().Actions, a => a is SendMessage { Message: LeaderInfo { Epoch: 1 } });

        // Server 2 accepted epoch 4 from a rival that never established it: it would refuse epoch 1 forever.
        leader.Step(2, new FollowerInfo(AcceptedEpoch: 4));

        Assert.Equal(ZabRole.Looking, leader.Status.Role);
    }

    [Fact]
    public void A_follower_refuses_a_leader_epoch_below_its_accepted_epoch()
    {
        var follower = FollowerOf(3, new ZabRecoveredState(5, 5, 0, []));

        follower.Step(3, new LeaderInfo(4));

        Assert.Equal(ZabRole.Looking, follower.Status.Role);
        Assert.DoesNotContain(follower.TakeReady().Actions, a => a is SendMessage { Message: AckEpoch } or PersistAcceptedEpoch);
    }

    [Fact]
    public void A_follower_accepts_a_newer_epoch_durably_before_acking_it()
    {
        var follower = FollowerOf(3, new ZabRecoveredState(5, 4, 0, [new LogEntry(Zxid.Make(4, 2), new byte[1])]));

        follower.Step(3, new LeaderInfo(6));
        var actions = follower.TakeReady().Actions.ToList();

        var persisted = actions.FindIndex(a => a is PersistAcceptedEpoch { Epoch: 6 });
        var ack = actions.FindIndex(a => a is SendMessage { Message: AckEpoch { CurrentEpoch: 4, AlreadyAccepted: false } m } && m.LastZxid == Zxid.Make(4, 2));
        Assert.True(persisted >= 0 && ack > persisted);
        Assert.Equal(6, follower.AcceptedEpoch);
    }

    [Fact]
    public void A_follower_truncates_uncommitted_proposals_and_acks_newleader_only_once_durable()
    {
        var log = new[] { new LogEntry(Zxid.Make(1, 1), new byte[1]), new LogEntry(Zxid.Make(1, 2), new byte[1]) };
        var follower = FollowerOf(3, new ZabRecoveredState(1, 1, 0, log));
        follower.Step(3, new LeaderInfo(2));
        follower.TakeReady();

        follower.Step(3, new Trunc(Zxid.Make(1, 1)));
        follower.Step(3, new Proposal(Zxid.Make(2, 1), new byte[] { 9 }));
        follower.Step(3, new NewLeader(Zxid.Make(2, 0)));
        var actions = follower.TakeReady().Actions;

        Assert.Contains(new TruncateLog(Zxid.Make(1, 1)), actions);
        Assert.Contains(actions, a => a is AppendToLog { Entry.Zxid: var z } && z == Zxid.Make(2, 1));
        Assert.DoesNotContain(actions, a => a is PersistCurrentEpoch or SendMessage { Message: Ack });

        // currentEpoch is adopted only once the history is durable, and before NEWLEADER is acked.
        follower.LogDurable(Zxid.Make(2, 1));
        var acked = follower.TakeReady().Actions.ToList();
        var epoch = acked.IndexOf(new PersistCurrentEpoch(2));
        var ack = acked.FindIndex(a => a is SendMessage { Message: Ack { Zxid: var z } } && z == Zxid.Make(2, 1));
        Assert.True(epoch >= 0 && ack > epoch);

        follower.Step(3, new UpToDate(Zxid.Make(2, 1)));
        var applied = follower.TakeReady().Actions.OfType<ApplyCommitted>().Select(a => a.Entry.Zxid);
        Assert.Equal([Zxid.Make(1, 1), Zxid.Make(2, 1)], applied);
        Assert.Equal(ZabPhase.Broadcast, follower.Status.Phase);
    }

    [Fact]
    public void A_snapshot_is_accepted_only_from_the_leader_during_synchronisation()
    {
        var follower = FollowerOf(3, ZabRecoveredState.Empty);
        Assert.False(follower.AcceptSnapshot(3, Zxid.Make(1, 10)));

        follower.Step(3, new LeaderInfo(1));
        Assert.False(follower.AcceptSnapshot(2, Zxid.Make(1, 10)));
        Assert.True(follower.AcceptSnapshot(3, Zxid.Make(1, 10)));
        Assert.Equal(Zxid.Make(1, 10), follower.CommittedZxid);
        Assert.Equal(Zxid.Make(1, 10), follower.LastZxid);
    }

    [Fact]
    public void A_leader_without_a_quorum_steps_down_after_the_sync_limit()
    {
        var ensemble = new LoopbackEnsemble(3);
        var leader = ensemble.ElectLeader();
        ensemble.Isolated.Add(leader.Id);

        var ticks = 0;
        while (leader.Status.Role == ZabRole.Leading && ticks++ < 50)
        {
            ensemble.TickAll();
        }

        Assert.Equal(ZabRole.Looking, leader.Status.Role);
        Assert.InRange(ticks, 5, 7);

        var next = ensemble.ElectLeader();
        Assert.Equal(2, next.Id);
        Assert.Equal(2, next.Status.Epoch);
    }

    [Fact]
    public void A_follower_abandons_a_silent_leader_and_a_dropped_connection_at_once()
    {
        var ensemble = new LoopbackEnsemble(3);
        ensemble.ElectLeader();

        ensemble[1].Disconnected(3);
        Assert.Equal(ZabRole.Looking, ensemble[1].Status.Role);

        for (var t = 0; t < 6; t++)
        {
            ensemble[2].Tick();
        }

        Assert.Equal(ZabRole.Looking, ensemble[2].Status.Role);
    }

    [Fact]
    public void A_learner_not_up_to_date_within_the_init_limit_looks_again_however_chatty_the_leader()
    {
        var follower = FollowerOf(3, ZabRecoveredState.Empty);
        follower.Step(3, new LeaderInfo(1));
        for (var tick = 0; tick < 10; tick++)
        {
            follower.Step(3, new Ping(ReadOnlyMemory<byte>.Empty));
            follower.Tick();
            Assert.Equal(ZabRole.Following, follower.Status.Role);
        }

        follower.Step(3, new Ping(ReadOnlyMemory<byte>.Empty));
        follower.Tick();
        Assert.Equal(ZabRole.Looking, follower.Status.Role);
    }

    [Fact]
    public void A_restarted_server_follows_the_leader_that_exists()
    {
        var ensemble = new LoopbackEnsemble(3);
        var leader = ensemble.ElectLeader();
        leader.Propose(new byte[] { 1 });
        ensemble.Settle();

        // Server 1 comes back with nothing: it hears from the others and joins leader 3 in epoch 1.
        ensemble.Nodes[1] = new ZabNode(Options(1), ZabRecoveredState.Empty);
        ensemble.ElectLeader();

        Assert.Equal(new ZabStatus(ZabRole.Following, ZabPhase.Broadcast, 3, 1), ensemble[1].Status);
        Assert.Equal(leader.CommittedZxid, ensemble[1].CommittedZxid);
    }

    [Fact]
    public void A_looking_server_answers_a_worse_vote_at_once_instead_of_at_its_next_resend()
    {
        // Server 1 holds more history than server 2 and started looking while 2 still followed the dead leader (so 2
        // only answered its broadcast). When 2 starts looking with its worse vote, 1 must tell it now: its next
        // resend is ticks away, seconds at ZooKeeper's default tickTime.
        var node = new ZabNode(Options(1), new ZabRecoveredState(1, 1, 0, [new LogEntry(Zxid.Make(1, 5), new byte[1])]));
        node.TakeReady();

        node.Step(2, new Notification(new Vote(2, Zxid.Make(1, 3), 1), 1, ZabRole.Looking));

        var own = new Notification(new Vote(1, Zxid.Make(1, 5), 1), 1, ZabRole.Looking);
        Assert.Equal(new SendMessage(2, own), Assert.Single(node.TakeReady().Actions.OfType<SendMessage>()));
        node.Step(2, own); // 2 adopts it: a quorum holds it
        Assert.Equal(ZabRole.Leading, node.Status.Role);
    }

    private static ZabOptions Options(long id) => new() { ServerId = id, Peers = Three };

    private static void ElectSelf(ZabNode node)
    {
        var vote = new Vote(node.Id, node.LastZxid, node.CurrentEpoch);
        foreach (var peer in Three.Where(p => p.Id != node.Id))
        {
            node.Step(peer.Id, new Notification(vote, 1, ZabRole.Looking));
        }

        Assert.Equal(ZabRole.Leading, node.Status.Role);
    }

    /// <summary>A server that decided to follow <paramref name="leader"/>: both others vote for it.</summary>
    private static ZabNode FollowerOf(long leader, ZabRecoveredState state)
    {
        var node = new ZabNode(Options(1), state);
        var vote = new Vote(leader, Zxid.Make(99, 0), 99);
        foreach (var peer in Three.Where(p => p.Id != 1))
        {
            node.Step(peer.Id, new Notification(vote, 1, ZabRole.Looking));
        }

        Assert.Equal(new ZabStatus(ZabRole.Following, ZabPhase.Discovery, leader, state.CurrentEpoch), node.Status);
        node.TakeReady();
        return node;
    }
}
