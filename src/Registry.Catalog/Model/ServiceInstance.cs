namespace Registry.Catalog.Model;

/// <summary>
/// One registered instance as the catalog index holds it: immutable, replaced whole when its znode changes.
/// <see cref="Health"/> is the worst status among its checks (passing when it has none).
/// </summary>
public sealed record ServiceInstance(
    string Service,
    string Id,
    string Node,
    string Address,
    int Port,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Meta,
    ServiceWeights Weights,
    HealthStatus Health,
    string Znode,
    long SessionId,
    long CreateIndex,
    long ModifyIndex);
