namespace Registry.Simulation.Tests.Linearizability;

/// <summary>
/// A register whose write returns the value it replaced (as a znode's setData returns the previous version):
/// writes of distinct values make the order of writes observable, so lost, duplicated or reordered commits
/// and acknowledgements before commit show up as non-linearizable histories.
/// </summary>
public sealed class RegisterModel : IModel<int, int, int?>
{
    public const int Unset = -1;

    public static RegisterModel Instance { get; } = new();

    public int Initial => Unset;

    /// <summary>Input: the value written. Output: the value replaced, or null when unknown.</summary>
    public bool Step(int state, int input, int? output, out int next)
    {
        next = input;
        return output is null || output.Value == state;
    }
}
