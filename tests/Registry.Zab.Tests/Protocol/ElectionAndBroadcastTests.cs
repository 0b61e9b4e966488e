using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Tests.Protocol;

public sealed class ElectionAndBroadcastTests
{
    [Fact]
    public void Three_servers_elect_the_highest_id_and_establish_epoch_one()
    {
        var ensemble = new LoopbackEnsemble(3);
        var leader = ensemble.ElectLeader();

        Assert.Equal(3, leader.Id);
        Assert.All(ensemble.Nodes.Values, n => Assert.Equal(new ZabStatus(n.Id == 3 ? ZabRole.Leading : ZabRole.Following, ZabPhase.Broadcast, 3, 1), n.Status));
        Assert.All(ensemble.Nodes.Keys, id => Assert.Equal([1L], ensemble.ActionsOf<PersistAcceptedEpoch>(id).Select(a => a.Epoch)));
        Assert.All(ensemble.Nodes.Keys, id => Assert.Equal([1L], ensemble.ActionsOf<PersistCurrentEpoch>(id).Select(a => a.Epoch)));
    }

    [Fact]
    public void Proposals_commit_on_every_server_in_zxid_order()
    {
        var ensemble = new LoopbackEnsemble(3, observers: 1);
        var leader = ensemble.ElectLeader();

        var zxids = Enumerable.Range(1, 5).Select(i => leader.Propose(new byte[] { (byte)i }).Zxid).ToList();
        ensemble.Settle();

        Assert.Equal(Enumerable.Range(1, 5).Select(i => Zxid.Make(1, i)), zxids);
        Assert.All(ensemble.Nodes.Keys, id => Assert.Equal(zxids, ensemble.Applied(id).Select(e => e.Zxid)));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (byte)i), ensemble.Applied(4).Select(e => e.Payload.Span[0]));
    }

    [Fact]
    public void A_proposal_is_acked_only_after_the_follower_fsynced_it_and_commits_only_with_a_quorum()
    {
        var ensemble = new LoopbackEnsemble(3);
        var leader = ensemble.ElectLeader();
        ensemble.AutoDurable = false;

        var zxid = leader.Propose("x"u8.ToArray()).Zxid;
        ensemble.Settle();
        Assert.DoesNotContain(ensemble.Actions[1], a => a is SendMessage { Message: Ack ack } && ack.Zxid == zxid);
        Assert.DoesNotContain(ensemble.Applied(3), e => e.Zxid == zxid);

        ensemble.Flush(3);
        ensemble.Settle();
        Assert.DoesNotContain(ensemble.Applied(3), e => e.Zxid == zxid);

        ensemble.Flush(1);
        ensemble.Settle();
        Assert.Contains(ensemble.Actions[1], a => a is SendMessage { Message: Ack ack } && ack.Zxid == zxid);
        Assert.Single(ensemble.Applied(3), e => e.Zxid == zxid);
    }

    [Fact]
    public void Observers_get_informs_and_never_ack()
    {
        var ensemble = new LoopbackEnsemble(3, observers: 2);
        var leader = ensemble.ElectLeader();
        leader.Propose("y"u8.ToArray());
        ensemble.Settle();

        foreach (var observer in new long[] { 4, 5 })
        {
            Assert.Equal(ZabRole.Observing, ensemble[observer].Status.Role);
            var sent = ensemble.ActionsOf<SendMessage>(observer).Select(s => s.Message).ToList();
            Assert.DoesNotContain(sent, m => m is Ack ack && Zxid.CounterOf(ack.Zxid) > 0);
            Assert.Contains(ensemble.Actions[3], a => a is SendMessage { Message: Inform } send && send.To == observer);
            Assert.DoesNotContain(ensemble.Actions[3], a => a is SendMessage { Message: Proposal } send && send.To == observer);
        }
    }

    [Fact]
    public void Only_an_active_leader_accepts_proposals()
    {
        var ensemble = new LoopbackEnsemble(3);
        Assert.Equal(ProposeRefusal.NotActiveLeader, ensemble[3].Propose(new byte[1]).Refusal);
        ensemble.ElectLeader();
        Assert.Equal(ProposeRefusal.NotActiveLeader, ensemble[1].Propose(new byte[1]).Refusal);
        Assert.True(ensemble[3].Propose(new byte[1]).Accepted);
    }

    [Fact]
    public void An_exhausted_counter_forces_a_new_epoch()
    {
        var ensemble = new LoopbackEnsemble(3, configure: o => o with { CounterLimit = 3 });
        var leader = ensemble.ElectLeader();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(leader.Propose(new byte[1]).Accepted);
        }

        Assert.Equal(ProposeRefusal.EpochExhausted, leader.Propose(new byte[1]).Refusal);
        Assert.Equal(ZabRole.Looking, leader.Status.Role);

        var next = ensemble.ElectLeader();
        Assert.Equal(2, next.Status.Epoch);
        Assert.Equal(Zxid.Make(2, 1), next.Propose(new byte[1]).Zxid);
        ensemble.Settle();
        Assert.All(ensemble.Nodes.Keys, id => Assert.Equal(4, ensemble.Applied(id).Count()));
    }

    [Fact]
    public void Forwarded_requests_session_touches_and_syncs_reach_the_leader()
    {
        var ensemble = new LoopbackEnsemble(3);
        var leader = ensemble.ElectLeader();
        var follower = ensemble[1];

        Assert.True(follower.Forward("write"u8.ToArray()));
        follower.TouchSessions(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        ensemble.TickAll();
        Assert.True(follower.RequestSync(42));
        ensemble.Settle();

        Assert.Contains(ensemble.ActionsOf<ForwardedRequestReceived>(3), r => r.From == 1 && r.Request.Span.SequenceEqual("write"u8));
        Assert.Contains(ensemble.ActionsOf<SessionTouchesReceived>(3), t => t.From == 1 && t.Touches.Length == 8);
        var actions = ensemble.Actions[1];
        var synced = actions.FindIndex(a => a is SyncCompleted { RequestId: 42 });
        var applied = actions.FindIndex(a => a is ApplyCommitted);
        Assert.True(applied >= 0 && synced > applied, "the sync completes after the forwarded write was applied");
        Assert.Single(ensemble.Applied(1));
        Assert.Equal(leader.CommittedZxid, follower.CommittedZxid);
    }
}
