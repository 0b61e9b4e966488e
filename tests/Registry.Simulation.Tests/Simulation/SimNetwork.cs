namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// Directed links with TCP's behaviour: FIFO delivery after a random delay; a clogged direction (a partition,
/// possibly one-way) holds messages until it heals; a dropped connection loses everything in flight in both
/// directions and both ends are told. Messages to a crashed server break the connection, as a reset would.
/// </summary>
internal sealed class SimNetwork(EventQueue queue, Random random, Func<long, SimServer?> serverIfUp, Action<string> trace)
{
    private const int MaxHeld = 2000;
    private readonly Dictionary<(long From, long To), Link> _links = [];

    public long MinDelayMs { get; set; } = 1;

    public long MaxDelayMs { get; set; } = 8;

    public int Messages { get; private set; }

    public void Send(long from, long to, SimPacket packet)
    {
        Messages++;
        var link = LinkOf(from, to);
        if (link.Clogged)
        {
            link.Held.Add(packet);
            if (link.Held.Count > MaxHeld)
            {
                Drop(from, to, "send buffer full");
            }

            return;
        }

        Schedule(from, to, link, packet);
    }

    public bool IsClogged(long from, long to) => LinkOf(from, to).Clogged;

    public void SetClogged(long from, long to, bool clogged)
    {
        var link = LinkOf(from, to);
        if (link.Clogged == clogged)
        {
            return;
        }

        link.Clogged = clogged;
        if (!clogged)
        {
            foreach (var packet in link.Held)
            {
                Schedule(from, to, link, packet);
            }

            link.Held.Clear();
        }
    }

    /// <summary>Breaks the connection between two servers: in-flight messages are lost and both ends notice.</summary>
    public void Drop(long a, long b, string why)
    {
        trace($"drop {a}<->{b} ({why})");
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var link = LinkOf(from, to);
            link.Connection++;
            link.Held.Clear();
            link.LastDelivery = 0;
            queue.After(0, () => serverIfUp(from)?.Disconnected(to));
        }
    }

    public void HealAll()
    {
        foreach (var ((from, to), _) in _links.ToList())
        {
            SetClogged(from, to, false);
        }
    }

    private void Schedule(long from, long to, Link link, SimPacket packet)
    {
        var at = Math.Max(queue.Now + MinDelayMs + random.NextInt64(MaxDelayMs - MinDelayMs + 1), link.LastDelivery);
        link.LastDelivery = at;
        var connection = link.Connection;
        queue.At(at, () => Deliver(from, to, connection, packet));
    }

    private void Deliver(long from, long to, int connection, SimPacket packet)
    {
        var link = LinkOf(from, to);
        if (link.Connection != connection)
        {
            return;
        }

        var receiver = serverIfUp(to);
        if (receiver is null)
        {
            Drop(from, to, $"{to} is down");
            return;
        }

        receiver.Receive(from, packet);
    }

    private Link LinkOf(long from, long to)
    {
        if (!_links.TryGetValue((from, to), out var link))
        {
            link = new Link();
            _links[(from, to)] = link;
        }

        return link;
    }

    private sealed class Link
    {
        public int Connection { get; set; }

        public long LastDelivery { get; set; }

        public bool Clogged { get; set; }

        public List<SimPacket> Held { get; } = [];
    }
}
