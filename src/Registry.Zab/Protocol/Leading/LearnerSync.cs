using Registry.Zab.Protocol.History;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Protocol.Leading;

/// <summary>Synchronisation of one learner: DIFF, TRUNC or SNAP, the proposals after that point, then NEWLEADER.</summary>
internal static class LearnerSync
{
    /// <summary>From here on the learner is in the forwarding set and gets every new proposal (or INFORM).</summary>
    public static void Send(ZabNode node, LearnerHandle learner, long epoch)
    {
        var history = node.History;
        var plan = SyncPlan.Choose(history, learner.LastZxid);
        switch (plan.Kind)
        {
            case SyncKind.Diff:
                node.Send(learner.Id, new Diff(plan.FromZxid));
                break;
            case SyncKind.Trunc:
                node.Send(learner.Id, new Trunc(plan.FromZxid));
                break;
            default:
                node.Emit(new SendSnapshot(learner.Id, plan.FromZxid));
                break;
        }

        // Observers only ever see committed proposals; later ones reach them as INFORM.
        var through = learner.IsObserver ? history.CommittedZxid : history.LastZxid;
        foreach (var entry in history.EntriesBetween(plan.FromZxid, through))
        {
            node.Send(learner.Id, new Proposal(entry.Zxid, entry.Payload));
        }

        node.Send(learner.Id, new NewLeader(Zxid.Make(epoch, 0)));
        learner.Stage = LearnerStage.Syncing;
    }
}
