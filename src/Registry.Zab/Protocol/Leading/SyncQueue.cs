namespace Registry.Zab.Protocol.Leading;

/// <summary>
/// ZooKeeper's sync on the leader: each request waits until every proposal made before it arrived is
/// committed, then is answered behind those commits on the same link (or locally for the leader's own clients).
/// </summary>
internal sealed class SyncQueue(ZabNode node)
{
    private readonly List<PendingSync> _pending = [];

    public void Enqueue(long learner, long requestId)
    {
        _pending.Add(new PendingSync(learner, requestId, node.History.LastZxid));
        AnswerCommitted();
    }

    public void AnswerCommitted()
    {
        var committed = node.History.CommittedZxid;
        foreach (var sync in _pending.Where(s => s.WaitForZxid <= committed))
        {
            if (sync.Learner == node.Id)
            {
                node.Emit(new Outputs.SyncCompleted(sync.RequestId));
            }
            else
            {
                node.Send(sync.Learner, new Messages.SyncReply(sync.RequestId));
            }
        }

        _pending.RemoveAll(s => s.WaitForZxid <= committed);
    }

    /// <summary>The learner is gone: its syncs die with its connection.</summary>
    public void Forget(long learner) => _pending.RemoveAll(s => s.Learner == learner);
}
