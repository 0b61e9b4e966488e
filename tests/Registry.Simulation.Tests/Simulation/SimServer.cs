using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Codec;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// The simulated I/O shell around one <see cref="ZabNode"/>: it carries out each ready batch in order (disk,
/// network, state machine) exactly as the real shell must, and serves the simulated clients.
/// </summary>
internal sealed class SimServer
{
    private readonly SimContext _sim;
    private readonly ZabOptions _options;
    private readonly Dictionary<(int Client, int Op), Action<int, long>> _pendingWrites = [];
    private readonly Dictionary<long, Action> _pendingSyncs = [];
    private readonly HashSet<long> _peerIds;
    private readonly int _snapshotEvery;
    private int _appliedSinceSnapshot;
    private int _incarnation;

    public SimServer(SimContext sim, ZabOptions options)
    {
        _sim = sim;
        _options = options;
        _snapshotEvery = sim.Random.Next(5, 40);
        _peerIds = [.. options.Peers.Select(p => p.Id)];
        IsObserver = options.Peers.Single(p => p.Id == options.ServerId).IsObserver;
    }

    public long Id => _options.ServerId;

    public bool IsObserver { get; }

    public SimDisk Disk { get; } = new();

    public ZabNode? Node { get; private set; }

    public bool Up => Node is not null;

    public ReplicaState State { get; private set; } = new();

    public ZabStatus? Status => Node?.Status;

    public void Start()
    {
        State = Disk.Snapshot.Copy();
        _sim.Checker.OnStateLoaded(Id, State, "restart");
        _appliedSinceSnapshot = 0;
        Node = new ZabNode(_options, Disk.Recover());
        _sim.Trace($"{Id} start {Describe()}");
        _sim.Coverage.Hit("restart");
        Process();
    }

    public void Crash()
    {
        _sim.Trace($"{Id} crash {Describe()}");
        _sim.Coverage.Hit("crash");
        Node = null;
        _incarnation++;
        Disk.Crash();
        _pendingWrites.Clear();
        _pendingSyncs.Clear();
    }

    public void Tick() => Run(node => node.Tick());

    public void Disconnected(long peer) => Run(node => node.Disconnected(peer));

    public void Receive(long from, SimPacket packet)
    {
        if (packet.Snapshot is { } snapshot)
        {
            // Installed (durably, log discarded) only if the core still synchronises with that leader.
            if (Node?.AcceptSnapshot(from, packet.SnapshotZxid) == true)
            {
                State = snapshot.Copy();
                _sim.Checker.OnStateLoaded(Id, State, $"snapshot from {from}");
                Disk.InstallSnapshot(State);
                _appliedSinceSnapshot = 0;
            }

            Process();
            return;
        }

        if (Node is null)
        {
            return;
        }

        // The shell decodes with what the node knows now: a leader epoch below its acceptedEpoch is rejected
        // and, like any rejected frame, breaks the connection.
        var decoded = ZabFrameCodec.Decode(packet.Frame!, FrameDecodeContext.For(Node, _peerIds));
        if (decoded.Status == FrameDecodeStatus.Rejected && decoded.Error == FrameError.StaleEpoch)
        {
            _sim.Coverage.Hit("stale-epoch-frame");
            _sim.Network.Drop(Id, from, decoded.Detail!);
            return;
        }

        if (decoded.Status != FrameDecodeStatus.Complete || decoded.Sender != from || decoded.BytesConsumed != packet.Frame!.Length)
        {
            throw new SimulationViolationException($"server {Id} could not decode a frame from {from}: {decoded.Status} {decoded.Error} {decoded.Detail}");
        }

        Run(node => node.Step(from, decoded.Message!));
    }

    public bool SubmitWrite(SimTxn txn, Action<int, long> onApplied)
    {
        if (Node is null)
        {
            return false;
        }

        _pendingWrites[(txn.Client, txn.Op)] = onApplied;
        var forwarded = Node.Forward(txn.Encode());
        if (!forwarded)
        {
            _pendingWrites.Remove((txn.Client, txn.Op));
        }

        Process();
        return forwarded;
    }

    public bool SubmitSync(long requestId, Action onSynced)
    {
        if (Node is null)
        {
            return false;
        }

        _pendingSyncs[requestId] = onSynced;
        var accepted = Node.RequestSync(requestId);
        if (!accepted)
        {
            _pendingSyncs.Remove(requestId);
        }

        Process();
        return accepted;
    }

    public void TouchSessions(byte[] touches) => Run(node => node.TouchSessions(touches));

    public string Describe() => Node is null
        ? "down"
        : $"{Node.Status} last={Zxid.Format(Node.LastZxid)} committed={Zxid.Format(Node.CommittedZxid)} applied={State.Applied.Count} accepted={Node.AcceptedEpoch}";

    private void Run(Action<ZabNode> input)
    {
        if (Node is not null)
        {
            input(Node);
            Process();
        }
    }

    private void Process()
    {
        while (Node is { HasReady: true } node)
        {
            foreach (var action in node.TakeReady().Actions)
            {
                Carry(node, action);
            }
        }
    }

    private void Carry(ZabNode node, ZabAction action)
    {
        switch (action)
        {
            case SendMessage send:
                _sim.Trace($"{Id}->{send.To} {send.Message}");
                CoverMessage(send.Message);
                _sim.Network.Send(Id, send.To, new SimPacket(ZabFrameCodec.Encode(Id, send.Message), null, 0));
                if (_sim.Mutation == Mutation.ForgedAcks && send.Message is Proposal proposal)
                {
                    Later(() => node.Step(send.To, new Ack(proposal.Zxid)));
                }

                break;
            case PersistAcceptedEpoch accepted:
                Disk.AcceptedEpoch = accepted.Epoch;
                break;
            case PersistCurrentEpoch current:
                Disk.CurrentEpoch = current.Epoch;
                break;
            case AppendToLog append:
                Disk.Append(append.Entry);
                if (_sim.Mutation == Mutation.FsyncLie)
                {
                    Later(() => node.LogDurable(append.Entry.Zxid));
                }

                StartFsync();
                break;
            case TruncateLog truncate:
                Disk.TruncateAfter(truncate.AfterZxid);
                break;
            case ApplyCommitted commit:
                Apply(commit.Entry);
                break;
            case SendSnapshot snapshot:
                if (State.LastZxid != snapshot.Zxid)
                {
                    throw new SimulationViolationException($"server {Id} asked to stream a snapshot at {Zxid.Format(snapshot.Zxid)} holds {Zxid.Format(State.LastZxid)}");
                }

                _sim.Network.Send(Id, snapshot.To, new SimPacket(null, State.Copy(), snapshot.Zxid));
                _sim.Coverage.Hit("snap");
                break;
            case StatusChanged status:
                _sim.Trace($"{Id} {status.Status}");
                _sim.Checker.OnStatus(Id, status.Status);
                if (status.Status is { Role: ZabRole.Leading, Phase: ZabPhase.Broadcast })
                {
                    _sim.Coverage.Hit("leader-elected");
                }

                break;
            case SessionTouchesReceived touches:
                _sim.Coverage.Hit("session-touches");
                break;
            case ForwardedRequestReceived request:
                var result = node.Propose(request.Request);
                _sim.Trace($"{Id} propose from {request.From}: {(result.Accepted ? Zxid.Format(result.Zxid) : result.Refusal.ToString())}");
                if (result.Refusal == ProposeRefusal.EpochExhausted)
                {
                    _sim.Coverage.Hit("epoch-rollover");
                }

                break;
            case SyncCompleted synced when _pendingSyncs.Remove(synced.RequestId, out var onSynced):
                onSynced();
                break;
            default:
                break;
        }
    }

    private void CoverMessage(ZabMessage message)
    {
        var probe = message switch
        {
            Diff => "diff",
            Trunc => "trunc",
            Inform => "inform",
            _ => null,
        };
        if (probe is not null)
        {
            _sim.Coverage.Hit(probe);
        }
    }

    private void Apply(LogEntry entry)
    {
        var txn = SimTxn.Decode(entry.Payload.Span);
        _sim.Checker.OnApply(Id, State.Applied.Count, entry);
        var previous = State.Apply(entry, txn);
        if (txn.Origin == Id && _pendingWrites.Remove((txn.Client, txn.Op), out var onApplied))
        {
            onApplied(previous, entry.Zxid);
        }

        if (++_appliedSinceSnapshot >= _snapshotEvery)
        {
            Disk.SaveSnapshot(State);
            _appliedSinceSnapshot = 0;
        }
    }

    /// <summary>Group commit: one fsync covers every append made before it started; the next starts when it ends.</summary>
    private void StartFsync()
    {
        if (Disk.FsyncInFlight || !Disk.HasBuffered)
        {
            return;
        }

        var covers = Disk.BeginFsync();
        Disk.FsyncInFlight = true;
        var latency = Disk.FsyncLatencyMs;
        var incarnation = _incarnation;
        _sim.Queue.After(_sim.Random.NextInt64(latency.Min, latency.Max + 1), () =>
        {
            if (incarnation != _incarnation)
            {
                return;
            }

            Disk.CompleteFsync(covers);
            Disk.FsyncInFlight = false;
            Run(node => node.LogDurable(covers));
            StartFsync();
        });
    }

    /// <summary>Runs an input on this incarnation of the node after the current batch.</summary>
    private void Later(Action input)
    {
        var incarnation = _incarnation;
        _sim.Queue.After(0, () =>
        {
            if (incarnation == _incarnation && Node is not null)
            {
                input();
                Process();
            }
        });
    }
}
