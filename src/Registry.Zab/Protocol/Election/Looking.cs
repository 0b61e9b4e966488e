using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Protocol.Election;

/// <summary>
/// Fast leader election (ZooKeeper's FastLeaderElection). A voter starts a new round voting for itself and
/// adopts any better vote it hears in its round; once a quorum of voters in the round holds its vote, the
/// voted server leads and the others follow. A server that hears from a quorum already following or leading
/// one leader (which itself reports leading) joins it instead. Observers only listen and join.
/// </summary>
internal sealed class Looking : Role
{
    private readonly ZabNode _node;
    private readonly Dictionary<long, Vote> _roundVotes = [];
    private readonly Dictionary<long, Notification> _outOfElection = [];
    private Vote _vote;
    private int _ticksUntilResend;

    public Looking(ZabNode node)
    {
        _node = node;
        _node.Round++;
        _vote = OwnVote();
        Broadcast();
    }

    public override ZabStatus Status => new(ZabRole.Looking, ZabPhase.Election, null, _node.CurrentEpoch);

    private bool IsObserver => _node.Ensemble.SelfIsObserver;

    public override void Tick()
    {
        if (--_ticksUntilResend <= 0)
        {
            Broadcast();
        }
    }

    public override void Step(long from, ZabMessage message)
    {
        if (message is not Notification notification)
        {
            return;
        }

        if (!_node.Ensemble.IsVoter(from))
        {
            // An observer asks who leads; it never counts.
            _node.Send(from, _node.OwnNotification(_vote, ZabRole.Looking));
            return;
        }

        if (notification.State == ZabRole.Looking)
        {
            OnLookingVoter(from, notification);
        }
        else
        {
            OnDecidedVoter(from, notification);
        }
    }

    private void OnLookingVoter(long from, Notification notification)
    {
        if (IsObserver)
        {
            return;
        }

        if (notification.Round > _node.Round)
        {
            _node.Round = notification.Round;
            _roundVotes.Clear();
            _vote = Max(OwnVote(), notification.Vote);
            Broadcast();
        }
        else if (notification.Round < _node.Round)
        {
            _node.Send(from, _node.OwnNotification(_vote, ZabRole.Looking));
            return;
        }
        else if (notification.Vote > _vote)
        {
            _vote = notification.Vote;
            Broadcast();
        }
        else if (notification.Vote < _vote)
        {
            // The sender may have started looking after our last broadcast reached it (it was still following and
            // only answered): tell it our better vote now rather than at the next resend, ticks away.
            _node.Send(from, _node.OwnNotification(_vote, ZabRole.Looking));
        }

        _roundVotes[from] = notification.Vote;
        _roundVotes[_node.Id] = _vote;
        if (_node.Ensemble.IsQuorum(_roundVotes.Where(v => v.Value == _vote).Select(v => v.Key)))
        {
            Decide(_vote);
        }
    }

    private void OnDecidedVoter(long from, Notification notification)
    {
        _outOfElection[from] = notification;
        if (!IsObserver && notification.Round == _node.Round)
        {
            _roundVotes[from] = notification.Vote;
            _roundVotes[_node.Id] = _vote;
            var agreeing = _roundVotes.Where(v => SameLeader(v.Value, notification.Vote)).Select(v => v.Key);
            if (_node.Ensemble.IsQuorum(agreeing) && LeaderConfirmed(notification.Vote))
            {
                Decide(notification.Vote);
                return;
            }
        }

        var joined = _outOfElection.Where(n => SameLeader(n.Value.Vote, notification.Vote)).Select(n => n.Key);
        if (_node.Ensemble.IsQuorum(joined) && LeaderConfirmed(notification.Vote))
        {
            _node.Round = Math.Max(_node.Round, notification.Round);
            Decide(notification.Vote);
        }
    }

    /// <summary>Never follow a leader on hearsay alone: the leader itself must say it leads (or be this server).</summary>
    private bool LeaderConfirmed(Vote vote) =>
        vote.Leader == _node.Id
            ? !IsObserver
            : _outOfElection.TryGetValue(vote.Leader, out var fromLeader) && fromLeader.State == ZabRole.Leading && SameLeader(fromLeader.Vote, vote);

    /// <summary>Servers past the election agree when they name the same leader and epoch (ZooKeeper compares no more).</summary>
    private static bool SameLeader(Vote a, Vote b) => a.Leader == b.Leader && a.PeerEpoch == b.PeerEpoch;

    private void Decide(Vote vote)
    {
        if (vote.Leader == _node.Id)
        {
            _node.BecomeLeading(vote);
        }
        else
        {
            _node.BecomeLearner(vote);
        }
    }

    /// <summary>An observer's own vote is never counted: voters answer observers instead of comparing votes.</summary>
    private Vote OwnVote() => new(_node.Id, _node.LastZxid, _node.CurrentEpoch);

    private static Vote Max(Vote a, Vote b) => a >= b ? a : b;

    private void Broadcast()
    {
        var notification = _node.OwnNotification(_vote, ZabRole.Looking);
        var targets = IsObserver ? _node.Ensemble.Voters : _node.Ensemble.OtherVoters;
        foreach (var peer in targets)
        {
            _node.Send(peer, notification);
        }

        var interval = _node.Options.NotificationIntervalTicks;
        _ticksUntilResend = interval + _node.Random.Next(interval + 1);
    }
}
