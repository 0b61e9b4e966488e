using Registry.Simulation.Tests.Linearizability;
using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests.Checking;

/// <summary>Every client operation of a run, for the linearizability and read-consistency checks at its end.</summary>
internal sealed class ClientHistory
{
    private readonly List<WriteRecord> _writes = [];
    private readonly List<ReadRecord> _reads = [];

    public IReadOnlyList<WriteRecord> Writes => _writes;

    public IReadOnlyList<ReadRecord> Reads => _reads;

    public int AckedWrites => _writes.Count(w => w.Return != long.MaxValue);

    public WriteRecord BeginWrite(int client, SimTxn txn, long now)
    {
        var record = new WriteRecord(client, txn, now);
        _writes.Add(record);
        return record;
    }

    /// <summary>The server refused the write before sending it anywhere: it never happened.</summary>
    public void CancelWrite(WriteRecord record) => _writes.Remove(record);

    public static void CompleteWrite(WriteRecord record, int replaced, long zxid, long now)
    {
        record.Replaced = replaced;
        record.Zxid = zxid;
        record.Return = now;
    }

    public void RecordRead(ReadRecord read) => _reads.Add(read);

    /// <summary>The writes of each key as a history of register operations (unanswered ones pending).</summary>
    public IEnumerable<(int Key, List<HistoryOperation<int, int?>> Operations)> WritesByKey() =>
        _writes.GroupBy(w => w.Txn.Key).Select(g => (g.Key, g
            .Select(w => new HistoryOperation<int, int?>(w.Client, w.Txn.Value, w.Call, w.Replaced, w.Return))
            .ToList()));
}
