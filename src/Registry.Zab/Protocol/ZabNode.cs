using Registry.Zab.Protocol.Election;
using Registry.Zab.Protocol.Leading;
using Registry.Zab.Protocol.Learning;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Protocol;

/// <summary>
/// One server's ZAB protocol as a deterministic state machine: inputs are peer messages (<see cref="Step"/>),
/// logical time (<see cref="Tick"/>), the shell's completions (<see cref="LogDurable"/>,
/// <see cref="AcceptSnapshot"/>, <see cref="Disconnected"/>) and client work (<see cref="Propose"/>,
/// <see cref="Forward"/>, <see cref="RequestSync"/>, <see cref="TouchSessions"/>); outputs accumulate as
/// ordered actions that the shell drains with <see cref="TakeReady"/>. No I/O, clock, thread or ambient
/// randomness: one owner thread calls it, and the same inputs always give the same outputs.
/// </summary>
public sealed class ZabNode
{
    private readonly List<ZabAction> _actions = [];
    private Role _role;
    private ZabStatus _reportedStatus;

    public ZabNode(ZabOptions options, ZabRecoveredState recovered)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recovered);
        options.Validate();
        ZabInvariantException.Check(recovered.AcceptedEpoch >= recovered.CurrentEpoch, "acceptedEpoch cannot be below currentEpoch");
        Options = options;
        Ensemble = new Ensemble(options.Peers, options.ServerId);
        Random = new Random(options.RandomSeed);
        AcceptedEpoch = recovered.AcceptedEpoch;
        CurrentEpoch = recovered.CurrentEpoch;
        History = new History.History(recovered.SnapshotZxid, recovered.Log);
        _role = new Looking(this);
        _reportedStatus = _role.Status;
        Emit(new StatusChanged(_reportedStatus));
    }

    public long Id => Options.ServerId;

    public ZabStatus Status => _role.Status;

    /// <summary>The highest epoch this server promised to follow (persisted); a frame decoder rejects older leaders.</summary>
    public long AcceptedEpoch { get; private set; }

    /// <summary>The epoch of the last leader this server synchronised with (persisted).</summary>
    public long CurrentEpoch { get; private set; }

    public long LastZxid => History.LastZxid;

    public long CommittedZxid => History.CommittedZxid;

    public bool HasReady => _actions.Count > 0;

    internal ZabOptions Options { get; }

    internal Ensemble Ensemble { get; }

    internal Random Random { get; }

    internal History.History History { get; }

    /// <summary>The election round (ZooKeeper's logicalclock); kept in memory only.</summary>
    internal long Round { get; set; }

    /// <summary>The vote this server last decided on, reported to looking servers while it follows or leads.</summary>
    internal Vote DecidedVote { get; set; }

    /// <summary>Drains the actions produced since the last call, in the order the shell must carry them out.</summary>
    public Ready TakeReady()
    {
        var ready = new Ready([.. _actions], Status);
        _actions.Clear();
        return ready;
    }

    public void Tick() => Run(() => _role.Tick());

    /// <summary>A message from a peer, in the order the link delivered it.</summary>
    public void Step(long from, ZabMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (from == Id || !Ensemble.Contains(from))
        {
            return;
        }

        Run(() =>
        {
            if (message is Notification notification && _role is not Looking)
            {
                AnswerLookingPeer(from, notification);
            }
            else
            {
                _role.Step(from, message);
            }
        });
    }

    /// <summary>The connection to a peer broke: messages in flight on it are lost. Call it between the old connection's messages and the new one's.</summary>
    public void Disconnected(long peer) => Run(() => _role.Disconnected(peer));

    /// <summary>Every <see cref="AppendToLog"/> up to <paramref name="zxid"/> handed out so far is fsynced.</summary>
    public void LogDurable(long zxid) => Run(() =>
    {
        History.MarkDurable(zxid);
        _role.LogDurable();
    });

    /// <summary>
    /// The snapshot at <paramref name="zxid"/> that leader <paramref name="from"/> streamed (SNAP) has fully
    /// arrived. True: the core's history now restarts at that zxid, and the shell must install the snapshot as
    /// its state, durably, and discard its whole log before its next call into the core. False: the core no
    /// longer synchronises with that leader; the shell discards the snapshot.
    /// </summary>
    public bool AcceptSnapshot(long from, long zxid)
    {
        var accepted = false;
        Run(() => accepted = _role.AcceptSnapshot(from, zxid));
        return accepted;
    }

    /// <summary>
    /// Leader: proposes an opaque transaction; it is applied everywhere once a quorum acked it. The core keeps the
    /// bytes (history, retransmission to lagging learners): the caller must not reuse the buffer.
    /// </summary>
    public ProposeResult Propose(ReadOnlyMemory<byte> transaction)
    {
        var result = ProposeResult.Refused(ProposeRefusal.NotActiveLeader);
        Run(() => result = _role.Propose(transaction));
        return result;
    }

    /// <summary>Hands an opaque client request to the leader's shell (<see cref="ForwardedRequestReceived"/>); false when not in sync with a leader.</summary>
    public bool Forward(ReadOnlyMemory<byte> request)
    {
        var accepted = false;
        Run(() => accepted = _role.Forward(request));
        return accepted;
    }

    /// <summary>ZooKeeper's sync: <see cref="SyncCompleted"/> follows once this server applied everything the leader had proposed; false when not in sync.</summary>
    public bool RequestSync(long requestId)
    {
        var accepted = false;
        Run(() => accepted = _role.RequestSync(requestId));
        return accepted;
    }

    /// <summary>Learner: opaque session touches to carry to the leader with the next ping (concatenated to earlier ones).</summary>
    public void TouchSessions(ReadOnlyMemory<byte> touches) => Run(() => _role.TouchSessions(touches));

    internal void Send(long to, ZabMessage message) => Emit(new SendMessage(to, message));

    internal void Emit(ZabAction action) => _actions.Add(action);

    internal void SetAcceptedEpoch(long epoch)
    {
        ZabInvariantException.Check(epoch > AcceptedEpoch, "acceptedEpoch only grows");
        AcceptedEpoch = epoch;
        Emit(new PersistAcceptedEpoch(epoch));
    }

    internal void SetCurrentEpoch(long epoch)
    {
        ZabInvariantException.Check(epoch <= AcceptedEpoch && epoch >= CurrentEpoch, "currentEpoch grows up to acceptedEpoch");
        if (epoch != CurrentEpoch)
        {
            CurrentEpoch = epoch;
            Emit(new PersistCurrentEpoch(epoch));
        }
    }

    /// <summary>Commits up to <paramref name="zxid"/>, hands the shell the newly committed proposals to apply and returns them.</summary>
    internal List<LogEntry> CommitThrough(long zxid)
    {
        var committed = History.CommitThrough(zxid);
        foreach (var entry in committed)
        {
            Emit(new ApplyCommitted(entry));
        }

        History.TrimCommitted(Options.CommittedLogRetention);
        return committed;
    }

    internal Notification OwnNotification(Vote vote, ZabRole state) => new(vote, Round, state);

    internal void BecomeLooking() => _role = new Looking(this);

    internal void BecomeLeading(Vote vote)
    {
        DecidedVote = vote;
        _role = new Leader(this);
    }

    internal void BecomeLearner(Vote vote)
    {
        DecidedVote = vote;
        _role = new Learner(this, vote.Leader);
    }

    /// <summary>
    /// A looking peer learns who leads: it joins once a quorum reports the same leader in the same epoch. The
    /// vote names the leader with this server's current epoch, so servers that joined in different rounds agree.
    /// </summary>
    private void AnswerLookingPeer(long from, Notification notification)
    {
        if (notification.State == ZabRole.Looking)
        {
            Send(from, OwnNotification(new Vote(DecidedVote.Leader, LastZxid, CurrentEpoch), _role.Status.Role));
        }
    }

    private void Run(Action input)
    {
        input();
        var status = _role.Status;
        if (status != _reportedStatus)
        {
            _reportedStatus = status;
            Emit(new StatusChanged(status));
        }
    }
}
