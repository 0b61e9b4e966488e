using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Protocol.Learning;

/// <summary>
/// The following and observing roles (they differ only in that observers never ack proposals and receive
/// INFORM instead of PROPOSAL/COMMIT). Discovery: FOLLOWERINFO, then LEADERINFO is refused when its epoch is
/// below acceptedEpoch, else accepted (persisted) and answered with ACKEPOCH. Synchronisation: DIFF, TRUNC or a
/// snapshot, the history, then NEWLEADER: once the log is durable, currentEpoch is persisted and NEWLEADER acked; UPTODATE
/// commits the history. Broadcast: proposals are acked once durable, commits applied in order. A learner
/// abandons a leader that stays silent past the sync limit, or that has not brought it up to date within the
/// init limit.
/// </summary>
internal sealed class Learner : Role
{
    private readonly ZabNode _node;
    private readonly long _leader;
    private readonly List<byte> _pendingTouches = [];
    private ZabPhase _phase = ZabPhase.Discovery;
    private long _epoch = -1;
    private long _newLeaderThrough = -1;
    private bool _newLeaderAcked;
    private long _lastAck;
    private long _commitTarget;
    private int _ticksSinceLeader;
    private int _ticksSyncing;
    private int _ticksUntilResend;

    public Learner(ZabNode node, long leader)
    {
        _node = node;
        _leader = leader;
        SendFollowerInfo();
    }

    public override ZabStatus Status => new(IsObserver ? ZabRole.Observing : ZabRole.Following, _phase, _leader, _node.CurrentEpoch);

    private bool IsObserver => _node.Ensemble.SelfIsObserver;

    private History.History History => _node.History;

    public override void Step(long from, ZabMessage message)
    {
        if (from != _leader || !IsLeaderMessage(message))
        {
            // Two servers that each believe the other leads must not keep each other alive.
            return;
        }

        _ticksSinceLeader = 0;
        switch (message)
        {
            case LeaderInfo info when _phase == ZabPhase.Discovery:
                OnLeaderInfo(info);
                break;
            case Diff when _phase == ZabPhase.Synchronization:
                break;
            case Trunc trunc when _phase == ZabPhase.Synchronization:
                History.TruncateAfter(trunc.Zxid);
                _node.Emit(new TruncateLog(trunc.Zxid));
                break;
            case Proposal proposal when _phase >= ZabPhase.Synchronization:
                Append(proposal.Zxid, proposal.Payload);
                break;
            case Inform inform when _phase >= ZabPhase.Synchronization:
                Append(inform.Zxid, inform.Payload);
                CommitUpTo(inform.Zxid);
                break;
            case Commit commit when _phase >= ZabPhase.Synchronization:
                CommitUpTo(commit.Zxid);
                break;
            case NewLeader newLeader when _phase == ZabPhase.Synchronization && _newLeaderThrough < 0:
                OnNewLeader(newLeader);
                break;
            case UpToDate upToDate when _phase == ZabPhase.Synchronization && _newLeaderAcked:
                _phase = ZabPhase.Broadcast;
                CommitUpTo(upToDate.CommittedZxid);
                break;
            case Ping:
                _node.Send(_leader, new Ping(_pendingTouches.ToArray()));
                _pendingTouches.Clear();
                break;
            case SyncReply reply when _phase == ZabPhase.Broadcast:
                _node.Emit(new SyncCompleted(reply.RequestId));
                break;
            default:
                break;
        }
    }

    public override void Tick()
    {
        // Silence ends the role; so does not being up to date within the init limit, however chatty the
        // leader is (it may have restarted its own role and no longer know this learner's progress).
        var silenceLimit = _phase == ZabPhase.Broadcast ? _node.Options.SyncLimitTicks : _node.Options.InitLimitTicks;
        if (++_ticksSinceLeader > silenceLimit || (_phase != ZabPhase.Broadcast && ++_ticksSyncing > _node.Options.InitLimitTicks))
        {
            _node.BecomeLooking();
            return;
        }

        // The leader may not have been leading yet when the first FOLLOWERINFO arrived.
        if (_phase == ZabPhase.Discovery && --_ticksUntilResend <= 0)
        {
            SendFollowerInfo();
        }
    }

    public override void Disconnected(long peer)
    {
        if (peer == _leader)
        {
            _node.BecomeLooking();
        }
    }

    public override void LogDurable() => TryAck();

    public override bool AcceptSnapshot(long from, long zxid)
    {
        if (from != _leader || _phase != ZabPhase.Synchronization || _newLeaderThrough >= 0)
        {
            return false;
        }

        ZabInvariantException.Check(zxid >= History.CommittedZxid, "a snapshot cannot roll back committed history");
        History.ResetToSnapshot(zxid);
        return true;
    }

    public override bool Forward(ReadOnlyMemory<byte> request)
    {
        if (_phase == ZabPhase.Broadcast)
        {
            _node.Send(_leader, new Request(request));
        }

        return _phase == ZabPhase.Broadcast;
    }

    public override bool RequestSync(long requestId)
    {
        if (_phase == ZabPhase.Broadcast)
        {
            _node.Send(_leader, new SyncRequest(requestId));
        }

        return _phase == ZabPhase.Broadcast;
    }

    public override void TouchSessions(ReadOnlyMemory<byte> touches) => _pendingTouches.AddRange(touches.Span);

    private static bool IsLeaderMessage(ZabMessage message) => message is LeaderInfo or Diff or Trunc or Proposal or Inform
        or Commit or NewLeader or UpToDate or Ping or SyncReply;

    private void SendFollowerInfo()
    {
        _node.Send(_leader, new FollowerInfo(_node.AcceptedEpoch));
        _ticksUntilResend = _node.Options.NotificationIntervalTicks;
    }

    private void OnLeaderInfo(LeaderInfo info)
    {
        if (info.Epoch < _node.AcceptedEpoch)
        {
            // ZAB: never go back to an epoch older than one already promised.
            _node.BecomeLooking();
            return;
        }

        var alreadyAccepted = info.Epoch == _node.AcceptedEpoch;
        if (!alreadyAccepted)
        {
            _node.SetAcceptedEpoch(info.Epoch);
        }

        _epoch = info.Epoch;
        _phase = ZabPhase.Synchronization;
        _node.Send(_leader, new AckEpoch(_node.CurrentEpoch, History.LastZxid, alreadyAccepted));
    }

    private void OnNewLeader(NewLeader newLeader)
    {
        if (Zxid.EpochOf(newLeader.Zxid) != _epoch)
        {
            _node.BecomeLooking();
            return;
        }

        _newLeaderThrough = History.LastZxid;
        TryAck();
    }

    private void Append(long zxid, ReadOnlyMemory<byte> payload)
    {
        if (zxid <= History.LastZxid)
        {
            return;
        }

        var entry = new LogEntry(zxid, payload);
        History.Append(entry);
        _node.Emit(new AppendToLog(entry));
    }

    private void CommitUpTo(long zxid)
    {
        _commitTarget = Math.Max(_commitTarget, zxid);
        if (_phase == ZabPhase.Broadcast)
        {
            _node.CommitThrough(_commitTarget);
        }
    }

    /// <summary>Acks NEWLEADER once everything before it is durable, then (followers) every durable proposal of the epoch.</summary>
    private void TryAck()
    {
        if (_newLeaderThrough < 0 || History.DurableZxid < _newLeaderThrough)
        {
            return;
        }

        if (!_newLeaderAcked)
        {
            // currentEpoch only once the history it vouches for is durable: a server restarting with the new
            // epoch but a shorter log would win the next election and truncate committed proposals.
            _node.SetCurrentEpoch(_epoch);
            _newLeaderAcked = true;
            _lastAck = Math.Max(History.DurableZxid, Zxid.Make(_epoch, 0));
            _node.Send(_leader, new Ack(_lastAck));
        }
        else if (!IsObserver && History.DurableZxid > _lastAck)
        {
            _lastAck = History.DurableZxid;
            _node.Send(_leader, new Ack(_lastAck));
        }
    }
}
