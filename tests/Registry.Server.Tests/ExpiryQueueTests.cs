using Registry.Server.Sessions;

namespace Registry.Server.Tests;

public sealed class ExpiryQueueTests
{
    [Fact]
    public void Items_expire_by_bucket_and_touches_move_them()
    {
        var queue = new ExpiryQueue<long>(interval: 100);
        queue.Update(1, now: 0, timeout: 250);
        queue.Update(2, now: 0, timeout: 450);
        Assert.Empty(queue.TakeExpired(299));
        Assert.Equal([1L], queue.TakeExpired(300));
        queue.Update(2, now: 400, timeout: 450);
        Assert.Empty(queue.TakeExpired(600));
        Assert.Equal([2L], queue.TakeExpired(900));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Removed_items_never_expire()
    {
        var queue = new ExpiryQueue<long>(interval: 10);
        queue.Update(7, 0, 10);
        Assert.True(queue.Remove(7));
        Assert.False(queue.Remove(7));
        Assert.Empty(queue.TakeExpired(long.MaxValue));
    }
}
