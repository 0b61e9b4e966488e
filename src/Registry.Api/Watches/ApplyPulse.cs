using Registry.Server.Pipeline;
using Registry.Tree;

namespace Registry.Api.Watches;

/// <summary>
/// Says that a transaction was applied, to feeds that depend on the replication status and so cannot be apply
/// observers themselves (the ensemble's pipeline, which is the status, is built with its observers).
/// </summary>
public sealed class ApplyPulse : IApplyObserver
{
    /// <summary>Raised on the pipeline thread after each applied transaction; handlers must not block.</summary>
    public event Action? Applied;

    public void OnApplied(ApplyResult result) => Applied?.Invoke();
}
