namespace Registry.Integration.Tests.Faults;

/// <summary>
/// The ensemble scenarios run one after another: each starts three servers, and several ensembles at once on a
/// 2-core machine would turn CPU starvation into missed ticks and needless elections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EnsembleCollection
{
    public const string Name = "Real-process ensembles";
}
