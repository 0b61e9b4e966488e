namespace Registry.Simulation.Tests.Linearizability;

/// <summary>A sequential specification: from a state, does an operation with this input produce this output?</summary>
public interface IModel<TState, in TInput, in TOutput>
{
    TState Initial { get; }

    /// <summary>Applies the operation; <paramref name="output"/> is null when the caller never saw the outcome (any output is possible).</summary>
    bool Step(TState state, TInput input, TOutput? output, out TState next);
}
