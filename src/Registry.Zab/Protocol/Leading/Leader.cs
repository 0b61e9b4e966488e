using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Protocol.Leading;

/// <summary>
/// The leading role through discovery (the new epoch is max(acceptedEpoch of a quorum) + 1, established by a
/// quorum of ACKEPOCH), synchronisation (DIFF/TRUNC/SNAP, NEWLEADER, established by a quorum of NEWLEADER acks
/// including the leader's own durable history) and broadcast (pipelined proposals committed in zxid order once a
/// quorum acked them). It steps down when the epoch is not established within the init limit, or when fewer
/// than a quorum of voters were heard within the sync limit.
/// </summary>
internal sealed class Leader : Role
{
    private readonly ZabNode _node;
    private readonly Dictionary<long, LearnerHandle> _learners = [];
    private readonly Dictionary<long, long> _acceptedEpochs = [];
    private readonly HashSet<long> _epochAcks = [];
    private readonly HashSet<long> _newLeaderAcks = [];
    private readonly SyncQueue _syncs;
    private long _epoch = -1;
    private bool _epochAckQuorum;
    private bool _established;
    private long _historyZxid;
    private int _ticksInDiscovery;
    private int _ticksUntilPing;

    public Leader(ZabNode node)
    {
        _node = node;
        _syncs = new SyncQueue(node);
        _acceptedEpochs[node.Id] = node.AcceptedEpoch;
        TryDecideEpoch();
    }

    public override ZabStatus Status => new(
        ZabRole.Leading,
        _established ? ZabPhase.Broadcast : _epochAckQuorum ? ZabPhase.Synchronization : ZabPhase.Discovery,
        _node.Id,
        _node.CurrentEpoch);

    private Ensemble Ensemble => _node.Ensemble;

    private History.History History => _node.History;

    public override void Step(long from, ZabMessage message)
    {
        if (message is FollowerInfo info)
        {
            OnFollowerInfo(from, info);
            return;
        }

        if (!_learners.TryGetValue(from, out var learner))
        {
            return;
        }

        learner.TicksSinceHeard = 0;
        switch (message)
        {
            case AckEpoch ackEpoch:
                OnAckEpoch(learner, ackEpoch);
                break;
            case Ack ack:
                OnAck(learner, ack);
                break;
            case Ping ping when ping.SessionTouches.Length > 0:
                _node.Emit(new SessionTouchesReceived(from, ping.SessionTouches));
                break;
            case Request request when _established && learner.Stage == LearnerStage.Active:
                _node.Emit(new ForwardedRequestReceived(from, request.Payload));
                break;
            case SyncRequest sync when _established && learner.Stage == LearnerStage.Active:
                _syncs.Enqueue(from, sync.RequestId);
                break;
            default:
                break;
        }
    }

    public override void Tick()
    {
        foreach (var learner in _learners.Values.ToList())
        {
            var limit = learner.Stage == LearnerStage.Active ? _node.Options.SyncLimitTicks : _node.Options.InitLimitTicks;
            if (++learner.TicksSinceHeard > limit)
            {
                Drop(learner.Id);
            }
        }

        if (!_established)
        {
            if (++_ticksInDiscovery > _node.Options.InitLimitTicks)
            {
                _node.BecomeLooking();
                return;
            }
        }
        else if (!Ensemble.IsQuorum(_learners.Values.Where(l => l.Stage == LearnerStage.Active).Select(l => l.Id).Append(_node.Id)))
        {
            _node.BecomeLooking();
            return;
        }

        if (--_ticksUntilPing <= 0)
        {
            _ticksUntilPing = _node.Options.PingIntervalTicks;
            foreach (var learner in _learners.Values.Where(l => l.Stage >= LearnerStage.EpochSent))
            {
                _node.Send(learner.Id, new Ping(ReadOnlyMemory<byte>.Empty));
            }
        }
    }

    public override void Disconnected(long peer) => Drop(peer);

    public override void LogDurable()
    {
        TryEstablish();
        TryCommit();
    }

    public override ProposeResult Propose(ReadOnlyMemory<byte> payload)
    {
        if (!_established)
        {
            return ProposeResult.Refused(ProposeRefusal.NotActiveLeader);
        }

        var last = History.LastZxid;
        var counter = Zxid.EpochOf(last) == _epoch ? Zxid.CounterOf(last) + 1 : 1;
        if (counter > _node.Options.CounterLimit)
        {
            _node.BecomeLooking();
            return ProposeResult.Refused(ProposeRefusal.EpochExhausted);
        }

        var entry = new LogEntry(Zxid.Make(_epoch, counter), payload);
        History.Append(entry);
        _node.Emit(new AppendToLog(entry));
        var proposal = new Proposal(entry.Zxid, payload);
        foreach (var learner in _learners.Values.Where(l => l.InForwardingSet && !l.IsObserver))
        {
            _node.Send(learner.Id, proposal);
        }

        return new ProposeResult(entry.Zxid, ProposeRefusal.None);
    }

    public override bool Forward(ReadOnlyMemory<byte> request)
    {
        if (_established)
        {
            _node.Emit(new ForwardedRequestReceived(_node.Id, request));
        }

        return _established;
    }

    public override bool RequestSync(long requestId)
    {
        if (_established)
        {
            _syncs.Enqueue(_node.Id, requestId);
        }

        return _established;
    }

    private void OnFollowerInfo(long from, FollowerInfo info)
    {
        if (_learners.TryGetValue(from, out var existing) && existing.Stage <= LearnerStage.EpochSent)
        {
            // A repeat while discovery is under way: the learner may have missed LEADERINFO while it was looking.
            if (existing.Stage == LearnerStage.EpochSent)
            {
                SendLeaderInfo(existing);
            }

            return;
        }

        if (_epoch >= 0 && info.AcceptedEpoch > _epoch)
        {
            // The learner promised a later epoch (a rival leader's failed attempt) and will never follow this
            // one: a new election, whose epoch exceeds every promise, brings it back.
            _node.BecomeLooking();
            return;
        }

        var learner = new LearnerHandle(from, Ensemble.IsObserver(from));
        _learners[from] = learner;
        if (_epoch < 0)
        {
            if (!learner.IsObserver)
            {
                _acceptedEpochs[from] = info.AcceptedEpoch;
            }

            TryDecideEpoch();
        }
        else
        {
            SendLeaderInfo(learner);
        }
    }

    private void TryDecideEpoch()
    {
        if (_epoch >= 0 || !Ensemble.IsQuorum(_acceptedEpochs.Keys))
        {
            return;
        }

        _epoch = _acceptedEpochs.Values.Max() + 1;
        ZabInvariantException.Check(_epoch <= Zxid.MaxEpoch, "epochs are exhausted");
        _node.SetAcceptedEpoch(_epoch);
        _epochAcks.Add(_node.Id);
        foreach (var learner in _learners.Values.Where(l => l.Stage == LearnerStage.Connected))
        {
            SendLeaderInfo(learner);
        }

        TryEstablishEpoch();
    }

    private void SendLeaderInfo(LearnerHandle learner)
    {
        _node.Send(learner.Id, new LeaderInfo(_epoch));
        learner.Stage = LearnerStage.EpochSent;
    }

    private void OnAckEpoch(LearnerHandle learner, AckEpoch ack)
    {
        if (learner.Stage != LearnerStage.EpochSent)
        {
            return;
        }

        learner.LastZxid = ack.LastZxid;
        learner.Stage = LearnerStage.EpochAcked;
        if (_epochAckQuorum)
        {
            LearnerSync.Send(_node, learner, _epoch);
            return;
        }

        if (learner.IsObserver || ack.AlreadyAccepted)
        {
            return;
        }

        var ahead = ack.CurrentEpoch > _node.CurrentEpoch || (ack.CurrentEpoch == _node.CurrentEpoch && ack.LastZxid > History.LastZxid);
        if (ahead)
        {
            // A follower with a more recent history than the leader's must not help establish this epoch.
            Drop(learner.Id);
            return;
        }

        _epochAcks.Add(learner.Id);
        TryEstablishEpoch();
    }

    private void TryEstablishEpoch()
    {
        if (_epochAckQuorum || !Ensemble.IsQuorum(_epochAcks))
        {
            return;
        }

        _epochAckQuorum = true;
        _historyZxid = History.LastZxid;
        foreach (var learner in _learners.Values.Where(l => l.Stage == LearnerStage.EpochAcked))
        {
            LearnerSync.Send(_node, learner, _epoch);
        }

        TryEstablish();
    }

    private void OnAck(LearnerHandle learner, Ack ack)
    {
        if (learner.Stage < LearnerStage.Syncing || Zxid.EpochOf(ack.Zxid) != _epoch)
        {
            return;
        }

        learner.AckedZxid = Math.Max(learner.AckedZxid, ack.Zxid);
        if (!learner.NewLeaderAcked)
        {
            learner.NewLeaderAcked = true;
            if (_established)
            {
                Activate(learner);
            }
            else if (!learner.IsObserver)
            {
                _newLeaderAcks.Add(learner.Id);
                TryEstablish();
            }
        }

        if (!learner.IsObserver)
        {
            TryCommit();
        }
    }

    /// <summary>The epoch is established once a quorum acked NEWLEADER, the leader among them once its history is durable.</summary>
    private void TryEstablish()
    {
        if (_established || !_epochAckQuorum)
        {
            return;
        }

        // Like a follower, the leader adopts the epoch only once its history is durable, and it is always part
        // of the quorum that establishes it.
        if (History.DurableZxid < _historyZxid)
        {
            return;
        }

        _node.SetCurrentEpoch(_epoch);
        _newLeaderAcks.Add(_node.Id);
        if (!Ensemble.IsQuorum(_newLeaderAcks))
        {
            return;
        }

        _established = true;
        Commit(History.LastZxid);
        foreach (var learner in _learners.Values.Where(l => l.Stage == LearnerStage.Syncing && l.NewLeaderAcked))
        {
            Activate(learner);
        }
    }

    private void Activate(LearnerHandle learner)
    {
        _node.Send(learner.Id, new UpToDate(History.CommittedZxid));
        learner.Stage = LearnerStage.Active;
    }

    /// <summary>Commits the longest prefix that a quorum of voters (the leader by its durable log) acked.</summary>
    private void TryCommit()
    {
        if (!_established)
        {
            return;
        }

        var acks = _learners.Values.Where(l => !l.IsObserver && l.NewLeaderAcked).Select(l => l.AckedZxid).Append(History.DurableZxid);
        if (QuorumAck.Of(acks, Ensemble.Quorum) is { } acked && acked > History.CommittedZxid)
        {
            Commit(acked);
        }
    }

    private void Commit(long zxid)
    {
        var committed = _node.CommitThrough(zxid);
        if (committed.Count == 0)
        {
            return;
        }

        var commit = new Commit(History.CommittedZxid);
        foreach (var learner in _learners.Values.Where(l => l.InForwardingSet))
        {
            if (!learner.IsObserver)
            {
                _node.Send(learner.Id, commit);
                continue;
            }

            foreach (var entry in committed)
            {
                _node.Send(learner.Id, new Inform(entry.Zxid, entry.Payload));
            }
        }

        _syncs.AnswerCommitted();
    }

    private void Drop(long learner)
    {
        _learners.Remove(learner);
        _syncs.Forget(learner);
    }
}
