using Registry.Server.Changes;
using Registry.Server.Options;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Server.Tests;

public sealed class ChangeFeedTests
{
    private static ApplyResult Applied(long zxid, params (EventType Type, string Path)[] changes) =>
        new(zxid, OpResult.Ok, null, changes.Select(c => new TreeChange(c.Type, c.Path)).ToList());

    [Fact]
    public void Reads_follow_a_path_directly_or_recursively_and_skip_child_list_events()
    {
        var feed = new ChangeFeed(new ServerOptions());
        feed.OnApplied(Applied(1, (EventType.NodeCreated, "/a"), (EventType.NodeChildrenChanged, "/")));
        feed.OnApplied(Applied(2, (EventType.NodeCreated, "/a/b")));
        feed.OnApplied(Applied(3, (EventType.NodeCreated, "/a/b/c")));
        feed.OnApplied(Applied(4, (EventType.NodeDataChanged, "/ab")));

        Assert.Equal(["/a", "/a/b"], feed.Read("/a", recursive: false, 0, 100).Events.Select(e => e.Path));
        Assert.Equal(["/a", "/a/b", "/a/b/c"], feed.Read("/a", recursive: true, 0, 100).Events.Select(e => e.Path));
        Assert.Equal(["/a/b/c"], feed.Read("/a", recursive: true, 2, 100).Events.Select(e => e.Path));
        Assert.Equal(4, feed.Read("/", recursive: true, 0, 100).Events.Count);
    }

    [Fact]
    public void A_page_never_splits_one_transaction()
    {
        var feed = new ChangeFeed(new ServerOptions());
        feed.OnApplied(Applied(1, (EventType.NodeCreated, "/x")));
        feed.OnApplied(Applied(2, (EventType.NodeCreated, "/y"), (EventType.NodeCreated, "/z")));
        feed.OnApplied(Applied(3, (EventType.NodeDeleted, "/x")));

        var page = feed.Read("/", recursive: true, 0, limit: 2);
        Assert.Equal(["/x", "/y", "/z"], page.Events.Select(e => e.Path));
        Assert.Equal(2, page.Index);
        var next = feed.Read("/", recursive: true, page.Index, limit: 2);
        Assert.Equal(["/x"], next.Events.Select(e => e.Path));
        Assert.Equal(3, next.Index);
    }

    [Fact]
    public void An_index_older_than_the_ring_is_reported_as_a_reset()
    {
        var feed = new ChangeFeed(new ServerOptions { ChangeLogCapacity = 16 });
        for (var zxid = 1; zxid <= 20; zxid++)
        {
            feed.OnApplied(Applied(zxid, (EventType.NodeCreated, $"/n{zxid}")));
        }

        Assert.True(feed.Read("/", true, 3, 100).Reset);
        Assert.False(feed.Read("/", true, 4, 100).Reset);
        Assert.Equal(16, feed.Read("/", true, 4, 100).Events.Count);
    }

    [Fact]
    public async Task A_waiter_wakes_only_for_changes_under_its_path()
    {
        var feed = new ChangeFeed(new ServerOptions());
        var waiting = feed.WaitAsync("/svc", recursive: false, 0, 100, TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None);
        Assert.Equal(1, feed.WaiterCount);
        feed.OnApplied(Applied(1, (EventType.NodeCreated, "/other")));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, feed.WaiterCount);
        feed.OnApplied(Applied(2, (EventType.NodeCreated, "/svc/i1")));
        var batch = await waiting;
        Assert.Equal(["/svc/i1"], batch.Events.Select(e => e.Path));
        Assert.Equal(0, feed.WaiterCount);
    }
}
