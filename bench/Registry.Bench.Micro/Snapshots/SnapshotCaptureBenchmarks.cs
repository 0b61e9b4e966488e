using BenchmarkDotNet.Attributes;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Txns;

namespace Registry.Bench.Micro.Snapshots;

/// <summary>
/// A snapshot of a tree of 100-byte znodes under one parent, as a create workload leaves it: the cut
/// (<see cref="DataTree.BeginSnapshot"/>, on the pipeline loop, O(sessions)) and the walk, in the background, that
/// either copies the nodes (<see cref="Registry.Tree.Snapshots.SnapshotCapture.Copy()"/>) or streams them as a
/// snapshot body (<see cref="Registry.Tree.Snapshots.SnapshotCapture.WriteTo(Stream)"/>, what the server does; here
/// to a null stream, so the figure is the walk and the encoding without the disk).
/// </summary>
[MemoryDiagnoser]
public class SnapshotCaptureBenchmarks
{
    private DataTree _tree = null!;

    [Params(100_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tree = new DataTree();
        var data = new byte[100];
        _tree.Apply(new TxnHeader(0, 1, 0), new CreateTxn("/bench", [], AclEntry.OpenUnsafe, 0));
        for (var i = 0; i < Nodes; i++)
        {
            _tree.Apply(new TxnHeader(0, i + 2, 0), new CreateTxn($"/bench/node-{i:D10}", data, AclEntry.OpenUnsafe, 0));
        }
    }

    [Benchmark]
    public int CutAndCopy() => _tree.BeginSnapshot().Copy().NodeCount;

    [Benchmark]
    public long CutAndWrite()
    {
        var capture = _tree.BeginSnapshot();
        capture.WriteTo(Stream.Null);
        return capture.Zxid;
    }
}
