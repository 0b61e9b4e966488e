using Registry.Simulation.Tests.Linearizability;
using Registry.Simulation.Tests.Simulation;
using Registry.Zab.Protocol;

namespace Registry.Simulation.Tests.Checking;

/// <summary>
/// The invariants checked as the run goes: at most one established leader per epoch; every server applies one
/// and the same committed sequence (each server's applied transactions are a prefix of it, in order, without
/// gaps or duplicates, including the states it loads from snapshots); and at the end, client histories:
/// acknowledged writes are in the committed sequence, writes are linearizable, reads sequentially consistent.
/// </summary>
internal sealed class SafetyChecker
{
    private readonly Dictionary<long, long> _leaderOfEpoch = [];
    private readonly List<LogEntry> _committed = [];
    private readonly Dictionary<long, int> _appliedCount = [];

    public IReadOnlyList<LogEntry> Committed => _committed;

    public int EpochsEstablished => _leaderOfEpoch.Count;

    public void OnStatus(long server, ZabStatus status)
    {
        if (status is not { Role: ZabRole.Leading, Phase: ZabPhase.Broadcast })
        {
            return;
        }

        if (_leaderOfEpoch.TryGetValue(status.Epoch, out var other) && other != server)
        {
            throw new SimulationViolationException($"two leaders established epoch {status.Epoch}: {other} and {server}");
        }

        _leaderOfEpoch[status.Epoch] = server;
    }

    /// <summary>A server's state machine was replaced (restart from its snapshot, or a snapshot from the leader).</summary>
    public void OnStateLoaded(long server, ReplicaState state, string how)
    {
        for (var i = 0; i < state.Applied.Count; i++)
        {
            CheckAt(server, i, state.Applied[i], how);
        }

        _appliedCount[server] = state.Applied.Count;
    }

    public void OnApply(long server, int index, LogEntry entry)
    {
        var expected = _appliedCount.GetValueOrDefault(server);
        if (index != expected)
        {
            throw new SimulationViolationException($"server {server} applied at index {index}, expected {expected}");
        }

        CheckAt(server, index, entry, "apply");
        _appliedCount[server] = index + 1;
    }

    public void CheckClientHistory(ClientHistory history)
    {
        var indexOfZxid = new Dictionary<long, int>();
        for (var i = 0; i < _committed.Count; i++)
        {
            indexOfZxid[_committed[i].Zxid] = i;
        }

        foreach (var write in history.Writes.Where(w => w.Return != long.MaxValue))
        {
            if (!indexOfZxid.TryGetValue(write.Zxid, out var index) || SimTxn.Decode(_committed[index].Payload.Span) != write.Txn)
            {
                throw new SimulationViolationException($"acknowledged write {write.Txn} at {Zxid.Format(write.Zxid)} is not in the committed sequence");
            }
        }

        foreach (var (key, operations) in history.WritesByKey())
        {
            if (!LinearizabilityChecker.Check(RegisterModel.Instance, operations))
            {
                throw new SimulationViolationException($"the writes to key {key} are not linearizable:{Environment.NewLine}{string.Join(Environment.NewLine, operations)}");
            }
        }

        foreach (var read in history.Reads)
        {
            CheckRead(read, indexOfZxid);
        }
    }

    private void CheckRead(ReadRecord read, Dictionary<long, int> indexOfZxid)
    {
        if (read.Zxid < read.SeenBefore || read.Zxid < read.OwnWriteBefore)
        {
            throw new SimulationViolationException($"read {read} went back in time for its client");
        }

        var prefix = read.Zxid == 0 ? 0 : indexOfZxid.TryGetValue(read.Zxid, out var index) ? index + 1 : -1;
        if (prefix < 0)
        {
            throw new SimulationViolationException($"read {read} saw a state that is not a committed prefix");
        }

        var expected = RegisterModel.Unset;
        for (var i = 0; i < prefix; i++)
        {
            var txn = SimTxn.Decode(_committed[i].Payload.Span);
            if (txn.Key == read.Key)
            {
                expected = txn.Value;
            }
        }

        if (expected != read.Value)
        {
            throw new SimulationViolationException($"read {read} returned {read.Value}; the committed prefix holds {expected}");
        }
    }

    private void CheckAt(long server, int index, LogEntry entry, string how)
    {
        if (index < _committed.Count)
        {
            var expected = _committed[index];
            if (expected.Zxid != entry.Zxid || !expected.Payload.Span.SequenceEqual(entry.Payload.Span))
            {
                throw new SimulationViolationException(
                    $"server {server} ({how}) has {Zxid.Format(entry.Zxid)} at index {index} where the committed sequence has {Zxid.Format(expected.Zxid)}");
            }

            return;
        }

        if (index != _committed.Count)
        {
            throw new SimulationViolationException($"server {server} ({how}) skipped committed index {_committed.Count}");
        }

        if (_committed.Count > 0 && entry.Zxid <= _committed[^1].Zxid)
        {
            throw new SimulationViolationException($"server {server} ({how}) committed {Zxid.Format(entry.Zxid)} after {Zxid.Format(_committed[^1].Zxid)}");
        }

        _committed.Add(entry);
    }
}
