using Registry.Tree;

namespace Registry.Server.Pipeline;

/// <summary>
/// Told about every applied transaction, in zxid order, on the pipeline thread (change feed, catalog
/// index, metrics). Must be quick and must not block.
/// </summary>
public interface IApplyObserver
{
    void OnApplied(ApplyResult result);
}
