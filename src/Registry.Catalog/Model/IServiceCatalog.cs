namespace Registry.Catalog.Model;

/// <summary>
/// The read side of the service index that REST, DNS and the UI answer from. Maintained from applied
/// transactions on every server, so every call is a lookup, never a tree scan. Lists are immutable snapshots.
/// </summary>
public interface IServiceCatalog
{
    /// <summary>The zxid of the last transaction reflected in the index.</summary>
    long Index { get; }

    /// <summary>Every service with at least one instance, ordinally sorted.</summary>
    IReadOnlyList<string> ServiceNames { get; }

    /// <summary>The instances of a service (empty when unknown), in a stable order.</summary>
    IReadOnlyList<ServiceInstance> Instances(string service);

    /// <summary>The zxid of the last change to this service's instances or their health (0 when never seen).</summary>
    long ServiceIndex(string service);

    /// <summary>The instances registered on a node (empty when unknown).</summary>
    IReadOnlyList<ServiceInstance> InstancesOnNode(string node);
}
