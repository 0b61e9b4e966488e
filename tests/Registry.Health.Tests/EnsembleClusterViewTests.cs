using Registry.Health.Ownership;
using Registry.Server.Ensemble.Status;

namespace Registry.Health.Tests;

public sealed class EnsembleClusterViewTests
{
    [Fact]
    public void Members_are_the_reachable_voters_and_a_lost_server_raises_changed()
    {
        var status = new SettableStatus(Status(("self", true), ("connected", true), ("connected", true), ("connected", false)));
        var view = new EnsembleClusterView(1, status);
        var changes = 0;
        view.Changed += () => changes++;

        Assert.Equal([1, 2, 3], view.LiveMembers);

        status.Set(Status(("self", true), ("connected", true), ("disconnected", true), ("connected", false)));
        Assert.Equal([1, 2], view.LiveMembers);
        Assert.Equal(1, changes);

        status.Set(Status(("self", true), ("connected", true), ("disconnected", true), ("disconnected", false)));
        Assert.Equal(1, changes);
    }

    private static ReplicationStatus Status(params (string State, bool Voter)[] peers) =>
        new("follower", 1, 1, [.. peers.Select((p, i) => new PeerStatus(i + 1, $"h:{i}:{i}", "unknown", 0, null, p.State, p.Voter, $"h:{i}"))]);

    private sealed class SettableStatus(ReplicationStatus status) : IReplicationStatus
    {
        public ReplicationStatus Current { get; private set; } = status;

        public event Action? Changed;

        public void Set(ReplicationStatus next)
        {
            Current = next;
            Changed?.Invoke();
        }
    }
}
