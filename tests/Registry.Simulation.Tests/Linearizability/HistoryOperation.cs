namespace Registry.Simulation.Tests.Linearizability;

/// <summary>
/// One client operation: invoked at <see cref="Call"/>, answered at <see cref="Return"/> with
/// <see cref="Output"/>. An operation whose answer never came has <see cref="Return"/> = long.MaxValue and no
/// output: it may have taken effect at any time after its call, or not at all.
/// </summary>
public sealed record HistoryOperation<TInput, TOutput>(int Client, TInput Input, long Call, TOutput? Output, long Return)
{
    public bool Pending => Return == long.MaxValue;
}
