using Registry.Server.Ensemble.Status;

namespace Registry.Health.Ownership;

/// <summary>
/// An ensemble member's view for check ownership: the voting servers it can reach (itself and the peers it holds a
/// connection to). When a server dies every survivor loses its connection to it, so their views converge and its
/// checks move to the others. A server cut off from everyone owns only what it alone would own: all checks, but its
/// results cannot be written without a quorum anyway.
/// </summary>
public sealed class EnsembleClusterView : IClusterView
{
    private readonly IReplicationStatus _status;
    private readonly Lock _lock = new();
    private IReadOnlyList<int> _members;

    public EnsembleClusterView(int self, IReplicationStatus status)
    {
        Self = self;
        _status = status;
        _members = Compute();
        status.Changed += OnStatusChanged;
    }

    public int Self { get; }

    public IReadOnlyList<int> LiveMembers
    {
        get
        {
            lock (_lock)
            {
                return _members;
            }
        }
    }

    public event Action? Changed;

    private void OnStatusChanged()
    {
        var members = Compute();
        lock (_lock)
        {
            if (members.SequenceEqual(_members))
            {
                return;
            }

            _members = members;
        }

        Changed?.Invoke();
    }

    private List<int> Compute()
    {
        var peers = _status.Current.Peers;
        return peers is null ? [Self] : [.. peers.Where(p => p.IsVoter && p.IsReachable).Select(p => p.ServerId).Order()];
    }
}
