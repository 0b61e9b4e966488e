using Registry.Catalog.Index;

namespace Registry.Catalog.Tests;

public sealed class SignalBoardTests
{
    [Fact]
    public void Every_holder_of_a_topic_shares_one_task_completed_by_the_next_change()
    {
        var board = new SignalBoard();
        var first = board.Observe("a", 5);
        var second = board.Observe("a", 5);
        Assert.Same(first.Changed, second.Changed);

        board.Raise("b", 9);
        Assert.False(first.Changed.IsCompleted);

        board.Raise("a", 7);
        Assert.True(first.Changed.IsCompleted);
        var next = board.Observe("a", 0);
        Assert.Equal(7, next.Index);
        Assert.NotSame(first.Changed, next.Changed);
    }

    [Fact]
    public void The_last_release_forgets_the_topic_and_the_floor_seeds_it_again()
    {
        var board = new SignalBoard();
        board.Observe("a", 3);
        board.Observe("a", 3);
        board.Release("a");
        Assert.Equal(1, board.Count);
        board.Release("a");
        Assert.Equal(0, board.Count);
        Assert.Equal(8, board.Peek("a", 8));
        Assert.Equal(0, board.Count);
    }

    [Fact]
    public void Prefix_topics_are_raised_by_predicate()
    {
        var board = new SignalBoard();
        var web = board.Observe("prefix:web/", 1).Changed;
        var other = board.Observe("prefix:other/", 1).Changed;
        board.RaiseWhere(t => "web/a".StartsWith(t["prefix:".Length..], StringComparison.Ordinal), 4);
        Assert.True(web.IsCompleted);
        Assert.False(other.IsCompleted);
        Assert.Equal(4, board.Peek("prefix:web/", 0));
    }
}
