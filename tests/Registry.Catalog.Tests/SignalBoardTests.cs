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

    [Fact]
    public async Task A_wait_returns_the_index_of_the_change_that_wakes_it_and_forgets_the_topic()
    {
        // As the contract asks, the floor (the source's last change) moves before the change is raised.
        long last = 5;
        var board = new SignalBoard();
        var wait = board.WaitPastAsync("a", () => Volatile.Read(ref last), 5, TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        Volatile.Write(ref last, 9);
        board.Raise("a", 9);
        Assert.Equal(9, await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, board.Count);
    }

    [Fact]
    public async Task A_change_raised_while_nobody_held_the_topic_is_seen_through_the_floor()
    {
        // The floor is read (5), then the change lands (nobody holds the topic, so its raise reaches no one), then the wait holds it.
        var reads = 0;
        var board = new SignalBoard();
        var index = await board.WaitPastAsync("a", () => reads++ == 0 ? 5 : 6, 5, TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, index);
        Assert.Equal(0, board.Count);
    }

    [Fact]
    public async Task A_cancelled_wait_lets_go_of_the_topic()
    {
        var board = new SignalBoard();
        using var cancel = new CancellationTokenSource();
        var wait = board.WaitPastAsync("a", () => 5, 5, TimeSpan.FromMinutes(5), TimeProvider.System, cancel.Token);
        Assert.Equal(1, board.Count);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, board.Count);
    }
}
