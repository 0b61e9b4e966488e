using Registry.Simulation.Tests.Simulation;

namespace Registry.Simulation.Tests.Checking;

/// <summary>A client write: invoked at <see cref="Call"/>; answered (if ever) with the value it replaced and its zxid.</summary>
internal sealed class WriteRecord(int client, SimTxn txn, long call)
{
    public int Client { get; } = client;

    public SimTxn Txn { get; } = txn;

    public long Call { get; } = call;

    public long Return { get; set; } = long.MaxValue;

    public int? Replaced { get; set; }

    public long Zxid { get; set; }
}
