namespace Registry.Health.Ownership;

/// <summary>
/// The live servers checks are spread over. Standalone it is this server alone; the ensemble implements it
/// from its membership and raises <see cref="Changed"/> when a server joins or dies, so checks move.
/// </summary>
public interface IClusterView
{
    int Self { get; }

    IReadOnlyList<int> LiveMembers { get; }

    event Action? Changed;
}

/// <summary>A standalone server: it owns every check.</summary>
public sealed class StandaloneClusterView(int serverId) : IClusterView
{
    public int Self => serverId;

    public IReadOnlyList<int> LiveMembers { get; } = [serverId];

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
