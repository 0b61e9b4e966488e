using Registry.Simulation.Tests.Linearizability;

namespace Registry.Simulation.Tests;

/// <summary>The write-history checker accepts exactly the linearizable register histories.</summary>
public sealed class LinearizabilityCheckerTests
{
    private const int Unset = RegisterModel.Unset;
    private const long Never = long.MaxValue;

    [Fact]
    public void Sequential_writes_each_replacing_the_previous_are_linearizable() =>
        Assert.True(Check(W(1, 10, 0, Unset, 1), W(2, 20, 2, 10, 3), W(1, 30, 4, 20, 5)));

    [Fact]
    public void An_empty_history_is_linearizable() => Assert.True(Check());

    [Fact]
    public void Concurrent_writes_may_take_effect_in_either_order() =>
        Assert.True(Check(W(1, 10, 0, 20, 5), W(2, 20, 1, Unset, 4)));

    [Fact]
    public void A_write_cannot_replace_a_value_nobody_wrote() =>
        Assert.False(Check(W(1, 10, 0, Unset, 1), W(2, 20, 2, 99, 3)));

    [Fact]
    public void A_write_cannot_see_a_value_overwritten_before_it_started()
    {
        // 10 then 20 complete in sequence; a later write claiming to replace 10 means 20 was lost.
        Assert.False(Check(W(1, 10, 0, Unset, 1), W(2, 20, 2, 10, 3), W(3, 30, 4, 10, 5)));
    }

    [Fact]
    public void Two_writes_cannot_replace_the_same_value()
    {
        // Both claim to replace 10: one of them would have to be invisible to the other.
        Assert.False(Check(W(1, 10, 0, Unset, 1), W(2, 20, 2, 10, 6), W(3, 30, 3, 10, 7)));
    }

    [Fact]
    public void Real_time_order_is_respected_even_when_values_would_allow_another_order()
    {
        // 20 finished before 10 started, yet 10 claims to replace nothing and 20 claims to replace 10.
        Assert.False(Check(W(2, 20, 0, 10, 1), W(1, 10, 2, Unset, 3)));
    }

    [Fact]
    public void An_unanswered_write_may_have_taken_effect()
    {
        // Client 1 never heard back, but its write of 10 is what client 2 replaced.
        Assert.True(Check(P(1, 10, 0), W(2, 20, 5, 10, 6)));
    }

    [Fact]
    public void An_unanswered_write_may_not_have_taken_effect() =>
        Assert.True(Check(P(1, 10, 0), W(2, 20, 5, Unset, 6)));

    [Fact]
    public void An_unanswered_write_cannot_take_effect_before_it_was_invoked() =>
        Assert.False(Check(W(2, 20, 0, 10, 1), P(1, 10, 2)));

    [Fact]
    public void A_long_history_with_many_concurrent_writes_is_checked_quickly()
    {
        // Four clients, overlapping in pairs; each write replaces the previous one in a chain.
        var ops = new List<HistoryOperation<int, int?>>();
        var previous = Unset;
        for (var i = 0; i < 200; i++)
        {
            ops.Add(new HistoryOperation<int, int?>(i % 4, i + 1, i * 10, previous, (i * 10) + 15));
            previous = i + 1;
        }

        Assert.True(LinearizabilityChecker.Check(RegisterModel.Instance, ops));
        ops[150] = ops[150] with { Output = 7 };
        Assert.False(LinearizabilityChecker.Check(RegisterModel.Instance, ops));
    }

    private static HistoryOperation<int, int?> W(int client, int value, long call, int replaced, long ret) => new(client, value, call, replaced, ret);

    private static HistoryOperation<int, int?> P(int client, int value, long call) => new(client, value, call, null, Never);

    private static bool Check(params HistoryOperation<int, int?>[] history) => LinearizabilityChecker.Check(RegisterModel.Instance, history);
}
