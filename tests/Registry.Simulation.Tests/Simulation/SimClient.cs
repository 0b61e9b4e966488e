using Registry.Simulation.Tests.Checking;

namespace Registry.Simulation.Tests.Simulation;

/// <summary>
/// A client in the style of a ZooKeeper session: one operation at a time against one server (moving to another
/// when that one fails or times out), never reading from a server behind what it has already seen. Writes are
/// forwarded to the leader and acknowledged when the client's server applies them; reads are local, optionally
/// after a sync. Every operation is recorded for the checkers.
/// </summary>
internal sealed class SimClient(int id, SimContext sim, ClientHistory history, int keys)
{
    private const long TimeoutMs = 1500;
    private long _server = -1;
    private int _op;
    private long _lastSeenZxid;
    private long _lastAckedWrite;

    public bool Running { get; set; } = true;

    public void Start() => sim.Queue.After(sim.Random.Next(1, 50), Next);

    private void Next()
    {
        if (!Running)
        {
            return;
        }

        var server = ChooseServer();
        var dice = sim.Random.Next(100);
        if (dice < 50)
        {
            Write(server);
        }
        else if (dice < 85)
        {
            Read(server);
            Continue();
        }
        else
        {
            SyncThenRead(server);
        }
    }

    private void Continue() => sim.Queue.After(sim.Random.Next(1, 60), Next);

    private SimServer ChooseServer()
    {
        if (_server < 0 || !sim.Servers[_server].Up || sim.Random.Next(20) == 0)
        {
            var servers = sim.Servers.Keys.ToList();
            _server = servers[sim.Random.Next(servers.Count)];
        }

        return sim.Servers[_server];
    }

    private void Abandon() => _server = -1;

    private void Write(SimServer server)
    {
        var op = ++_op;
        var txn = new SimTxn(id, op, server.Id, sim.Random.Next(keys), (id * 1_000_000) + op);
        var record = history.BeginWrite(id, txn, sim.Queue.Now);
        var done = false;
        var accepted = server.SubmitWrite(txn, (previous, zxid) =>
        {
            if (done)
            {
                return;
            }

            done = true;
            ClientHistory.CompleteWrite(record, previous, zxid, sim.Queue.Now);
            _lastSeenZxid = Math.Max(_lastSeenZxid, zxid);
            _lastAckedWrite = Math.Max(_lastAckedWrite, zxid);
            sim.Coverage.Hit("acked-write");
            Continue();
        });
        if (!accepted)
        {
            history.CancelWrite(record);
            Abandon();
            Continue();
            return;
        }

        sim.Queue.After(TimeoutMs, () =>
        {
            if (!done)
            {
                done = true;
                Abandon();
                Continue();
            }
        });
    }

    private void Read(SimServer server)
    {
        if (!server.Up || server.State.LastZxid < _lastSeenZxid)
        {
            // A ZooKeeper client does not reconnect to a server that is behind what it has seen.
            Abandon();
            return;
        }

        var key = sim.Random.Next(keys);
        var zxid = server.State.LastZxid;
        history.RecordRead(new ReadRecord(id, server.Id, key, server.State.Read(key), zxid, _lastSeenZxid, _lastAckedWrite));
        _lastSeenZxid = zxid;
        sim.Coverage.Hit("local-read");
    }

    private void SyncThenRead(SimServer server)
    {
        var done = false;
        var requestId = ((long)id << 32) | (uint)++_op;
        var accepted = server.SubmitSync(requestId, () =>
        {
            if (!done)
            {
                done = true;
                sim.Coverage.Hit("sync-read");
                Read(server);
                Continue();
            }
        });
        if (!accepted)
        {
            Abandon();
            Continue();
            return;
        }

        sim.Queue.After(TimeoutMs, () =>
        {
            if (!done)
            {
                done = true;
                Abandon();
                Continue();
            }
        });
    }
}
