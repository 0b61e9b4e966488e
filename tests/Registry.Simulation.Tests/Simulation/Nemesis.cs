namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// Fault injection during the fault phase: connection drops, symmetric and one-way partitions (isolating the
/// leader, too), crashes and restarts, slow disks. Each seed enables a random subset of faults at random rates.
/// </summary>
internal sealed class Nemesis
{
    private readonly SimContext _sim;
    private readonly int[] _weights;
    private readonly long _meanIntervalMs;

    public Nemesis(SimContext sim)
    {
        _sim = sim;
        _weights = [.. Enumerable.Range(0, 8).Select(_ => sim.Random.Next(100) < 70 ? sim.Random.Next(1, 10) : 0)];
        _meanIntervalMs = sim.Random.Next(50, 600);
    }

    public bool Active { get; set; } = true;

    public void Start() => Schedule();

    /// <summary>Ends every fault: partitions heal, crashed servers restart, disks are fast again.</summary>
    public void HealAll()
    {
        Active = false;
        _sim.Trace("heal all");
        _sim.Network.HealAll();
        foreach (var server in _sim.Servers.Values)
        {
            server.Disk.FsyncLatencyMs = (1, 3);
            if (!server.Up)
            {
                server.Start();
            }
        }
    }

    private void Schedule() => _sim.Queue.After(1 + _sim.Random.NextInt64(_meanIntervalMs * 2), () =>
    {
        if (Active)
        {
            Strike();
            Schedule();
        }
    });

    private void Strike()
    {
        var total = _weights.Sum();
        if (total == 0)
        {
            return;
        }

        var pick = _sim.Random.Next(total);
        var fault = 0;
        while (pick >= _weights[fault])
        {
            pick -= _weights[fault++];
        }

        var servers = _sim.Servers.Values.ToList();
        var target = servers[_sim.Random.Next(servers.Count)];
        var leader = servers.FirstOrDefault(s => s.Status?.Role == Zab.Protocol.ZabRole.Leading) ?? target;
        switch (fault)
        {
            case 0:
                var other = servers[_sim.Random.Next(servers.Count)];
                if (other != target)
                {
                    _sim.Network.Drop(target.Id, other.Id, "nemesis");
                }

                break;
            case 1:
                Crash(_sim.Random.Next(2) == 0 ? leader : target);
                break;
            case 2:
                var down = servers.Where(s => !s.Up).ToList();
                if (down.Count > 0)
                {
                    down[_sim.Random.Next(down.Count)].Start();
                }

                break;
            case 3:
                Isolate(_sim.Random.Next(2) == 0 ? leader : target, servers);
                break;
            case 4:
                var to = servers[_sim.Random.Next(servers.Count)];
                if (to != target)
                {
                    _sim.Trace($"clog {target.Id}->{to.Id}");
                    _sim.Network.SetClogged(target.Id, to.Id, true);
                }

                break;
            case 5:
                _sim.Trace("heal partitions");
                _sim.Network.HealAll();
                break;
            case 6:
                var slow = _sim.Random.Next(2) == 0;
                target.Disk.FsyncLatencyMs = slow ? (20, 400) : (1, 3);
                _sim.Trace($"{target.Id} disk {(slow ? "slow" : "fast")}");
                break;
            default:
                SplitInTwo(servers);
                break;
        }
    }

    private void Crash(SimServer server)
    {
        if (server.Up)
        {
            server.Crash();
            foreach (var other in _sim.Servers.Keys.Where(id => id != server.Id))
            {
                _sim.Network.Drop(server.Id, other, "crash");
            }
        }
    }

    private void Isolate(SimServer server, List<SimServer> servers)
    {
        _sim.Trace($"isolate {server.Id}");
        foreach (var other in servers.Where(s => s != server))
        {
            _sim.Network.SetClogged(server.Id, other.Id, true);
            _sim.Network.SetClogged(other.Id, server.Id, true);
        }
    }

    private void SplitInTwo(List<SimServer> servers)
    {
        var side = servers.ToDictionary(s => s.Id, _ => _sim.Random.Next(2) == 0);
        _sim.Trace($"split {string.Join(",", side.Where(s => s.Value).Select(s => s.Key))} | {string.Join(",", side.Where(s => !s.Value).Select(s => s.Key))}");
        foreach (var a in servers)
        {
            foreach (var b in servers.Where(b => b != a && side[a.Id] != side[b.Id]))
            {
                _sim.Network.SetClogged(a.Id, b.Id, true);
            }
        }
    }
}
