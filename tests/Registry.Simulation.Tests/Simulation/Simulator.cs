using Registry.Simulation.Tests.Checking;
using Registry.Zab.Protocol;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// One seeded run: an ensemble of <see cref="ZabNode"/>s behind simulated shells, clients writing and reading,
/// a fault phase, then every fault healed and a liveness deadline. Everything derives from the seed, so a seed
/// replays exactly. Throws <see cref="SimulationViolationException"/> (with the trace tail in <see cref="SimResult"/>
/// when run through <see cref="Run"/>).
/// </summary>
public static class Simulator
{
    public static SimResult Run(Scenario scenario, int seed, int traceLines = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var sim = new SimContext(seed, scenario.Mutation, traceLines);
        try
        {
            return Execute(scenario, seed, sim);
        }
        catch (Exception e) when (e is SimulationViolationException or ZabInvariantException)
        {
            return new SimResult(seed, e.Message, sim.TraceText, 0, 0, 0, sim.Coverage);
        }
    }

    private static SimResult Execute(Scenario scenario, int seed, SimContext sim)
    {
        var peers = Enumerable.Range(1, scenario.Voters).Select(i => new ZabPeer(i))
            .Concat(Enumerable.Range(scenario.Voters + 1, scenario.Observers).Select(i => new ZabPeer(i, IsObserver: true)))
            .ToList();
        var rolloverEpochs = sim.Random.Next(8) == 0;
        var retention = sim.Random.Next(4) == 0 ? 2 : sim.Random.Next(5, 100);
        sim.Network.MaxDelayMs = sim.Random.Next(2, 30);
        foreach (var peer in peers)
        {
            var options = new ZabOptions
            {
                ServerId = peer.Id,
                Peers = peers,
                RandomSeed = unchecked((seed * 1009) + (int)peer.Id),
                CommittedLogRetention = retention,
                CounterLimit = rolloverEpochs ? 25 : Zxid.MaxCounter,
            };
            sim.Servers[peer.Id] = new SimServer(sim, options);
        }

        foreach (var server in sim.Servers.Values)
        {
            server.Start();
            var offset = sim.Random.NextInt64(scenario.TickMs);
            ScheduleTicks(sim, server, offset, scenario.TickMs);
        }

        var history = new ClientHistory();
        var clients = Enumerable.Range(1, scenario.Clients).Select(i => new SimClient(i, sim, history, scenario.Keys)).ToList();
        clients.ForEach(c => c.Start());
        var nemesis = new Nemesis(sim);
        nemesis.Start();
        RunUntil(sim, scenario.FaultPhaseMs);

        nemesis.HealAll();
        var healedAt = sim.Queue.Now;
        var converged = AwaitLiveness(sim, healedAt + scenario.LivenessDeadlineMs);
        clients.ForEach(c => c.Running = false);
        if (converged < 0)
        {
            throw new SimulationViolationException(
                $"no progress within {scenario.LivenessDeadlineMs} ms after healing: {string.Join("; ", sim.Servers.Values.Select(s => $"{s.Id}: {s.Describe()}"))}");
        }

        sim.Checker.CheckClientHistory(history);
        return new SimResult(seed, null, sim.TraceText, history.AckedWrites, sim.Checker.Committed.Count, converged - healedAt, sim.Coverage);
    }

    private static void ScheduleTicks(SimContext sim, SimServer server, long offset, long period) => sim.Queue.After(offset, () =>
    {
        server.Tick();
        if (server.Up)
        {
            server.TouchSessions([1, 2, 3, 4, 5, 6, 7, 8]);
        }

        ScheduleTicks(sim, server, period, period);
    });

    private static void RunUntil(SimContext sim, long until)
    {
        while (sim.Queue.RunNext(until))
        {
        }
    }

    /// <summary>Liveness: a leader commits a probe write, and every server applies it. Returns when, or -1.</summary>
    private static long AwaitLiveness(SimContext sim, long deadline)
    {
        var probeOp = 0;
        long probeZxid = -1;
        long lastProbe = -1_000_000;
        while (sim.Queue.Now < deadline)
        {
            RunUntil(sim, Math.Min(deadline, sim.Queue.Now + 20));
            if (probeZxid < 0 && sim.Queue.Now - lastProbe >= 500)
            {
                lastProbe = sim.Queue.Now;
                var leader = sim.Servers.Values.FirstOrDefault(s => s.Status is { Role: ZabRole.Leading, Phase: ZabPhase.Broadcast });
                leader?.SubmitWrite(new SimTxn(0, ++probeOp, leader.Id, -1, probeOp), (_, zxid) => probeZxid = zxid);
            }
            else if (probeZxid >= 0 && sim.Servers.Values.All(s => s.State.LastZxid >= probeZxid))
            {
                return sim.Queue.Now;
            }
        }

        return -1;
    }
}
