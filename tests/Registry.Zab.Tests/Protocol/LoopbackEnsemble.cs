using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Messages;
using Registry.Zab.Protocol.Outputs;

namespace Registry.Zab.Tests.Protocol;

/// <summary>
/// A minimal shell for unit tests: servers connected by FIFO queues, delivered one message at a time; appends
/// become durable when <see cref="Flush"/> is called (or at once with <see cref="AutoDurable"/>); every action
/// is recorded per server.
/// </summary>
internal sealed class LoopbackEnsemble
{
    private readonly Queue<(long From, long To, ZabMessage Message)> _wire = new();
    private readonly Dictionary<long, long> _appended = [];

    public LoopbackEnsemble(int voters, int observers = 0, Func<ZabOptions, ZabOptions>? configure = null)
    {
        Peers = [.. Enumerable.Range(1, voters).Select(i => new ZabPeer(i)), .. Enumerable.Range(voters + 1, observers).Select(i => new ZabPeer(i, true))];
        foreach (var peer in Peers)
        {
            var options = new ZabOptions { ServerId = peer.Id, Peers = Peers, RandomSeed = (int)peer.Id };
            Nodes[peer.Id] = new ZabNode(configure?.Invoke(options) ?? options, ZabRecoveredState.Empty);
            Actions[peer.Id] = [];
        }
    }

    public List<ZabPeer> Peers { get; }

    public Dictionary<long, ZabNode> Nodes { get; } = [];

    public Dictionary<long, List<ZabAction>> Actions { get; } = [];

    public HashSet<long> Isolated { get; } = [];

    public bool AutoDurable { get; set; } = true;

    public ZabNode this[long id] => Nodes[id];

    /// <summary>Drains every server's ready actions, delivering messages until the wire is quiet.</summary>
    public void Settle(int maxMessages = 100_000)
    {
        for (var i = 0; i < maxMessages; i++)
        {
            DrainAll();
            if (_wire.Count == 0)
            {
                return;
            }

            var (from, to, message) = _wire.Dequeue();
            if (!Isolated.Contains(from) && !Isolated.Contains(to))
            {
                Nodes[to].Step(from, message);
            }
        }

        throw new InvalidOperationException("the ensemble did not settle");
    }

    public void TickAll(int ticks = 1)
    {
        for (var t = 0; t < ticks; t++)
        {
            foreach (var node in Nodes.Values)
            {
                node.Tick();
            }

            Settle();
        }
    }

    public void Flush(long id)
    {
        if (_appended.TryGetValue(id, out var zxid))
        {
            Nodes[id].LogDurable(zxid);
        }
    }

    public ZabNode ElectLeader()
    {
        Settle();
        for (var i = 0; i < 50 && !Nodes.Values.All(n => n.Status.IsActive); i++)
        {
            TickAll();
        }

        return Nodes.Values.Single(n => n.Status is { Role: ZabRole.Leading, Phase: ZabPhase.Broadcast });
    }

    public IEnumerable<T> ActionsOf<T>(long id) where T : ZabAction => Actions[id].OfType<T>();

    public IEnumerable<LogEntry> Applied(long id) => ActionsOf<ApplyCommitted>(id).Select(a => a.Entry);

    private void DrainAll()
    {
        foreach (var (id, node) in Nodes)
        {
            while (node.HasReady)
            {
                foreach (var action in node.TakeReady().Actions)
                {
                    Actions[id].Add(action);
                    Carry(id, node, action);
                }
            }
        }
    }

    private void Carry(long id, ZabNode node, ZabAction action)
    {
        switch (action)
        {
            case SendMessage send:
                _wire.Enqueue((id, send.To, send.Message));
                break;
            case AppendToLog append:
                _appended[id] = append.Entry.Zxid;
                if (AutoDurable)
                {
                    node.LogDurable(append.Entry.Zxid);
                }

                break;
            case ForwardedRequestReceived request:
                node.Propose(request.Request);
                break;
            default:
                break;
        }
    }
}
