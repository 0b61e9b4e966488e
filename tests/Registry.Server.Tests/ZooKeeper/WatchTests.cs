using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Server.Tests.ZooKeeper;

public sealed class WatchTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;

    public async Task InitializeAsync() => _host = await ZooKeeperHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_writes_own_watch_event_arrives_before_its_reply()
    {
        await using var client = await _host.ConnectAsync();
        await client.RequestAsync(OpCode.Create, Requests.Create("/w", "1"));
        await client.RequestAsync(OpCode.GetData, Requests.PathWatch("/w", watch: true));
        var set = await client.RequestAsync(OpCode.SetData, Requests.SetData("/w", "2"));
        var notification = Assert.Single(client.Notifications);
        Assert.Equal(new WatchedEventFields((int)EventType.NodeDataChanged, 3, "/w"), Requests.ReadEvent(notification));
        Assert.Equal(set.Zxid, notification.Zxid);
    }

    [Fact]
    public async Task Another_clients_change_is_announced_before_a_later_read_shows_it()
    {
        await using var watcher = await _host.ConnectAsync();
        await using var writer = await _host.ConnectAsync();
        await writer.RequestAsync(OpCode.Create, Requests.Create("/o"));
        for (var i = 0; i < 200; i++)
        {
            await watcher.RequestAsync(OpCode.GetChildren, Requests.PathWatch("/o", watch: true));
            watcher.Notifications.Clear();
            var create = writer.SendAsync(OpCode.Create, Requests.Create($"/o/c{i}"));
            while (true)
            {
                var read = await watcher.RequestAsync(OpCode.GetChildren, Requests.PathWatch("/o"));
                var children = read.Reader().ReadStringVector();
                if (children.Contains($"c{i}"))
                {
                    // The event may come early, but never after a reply that already shows the change.
                    Assert.Single(watcher.Notifications);
                    break;
                }
            }

            await writer.ReadReplyAsync(await create);
        }
    }

    [Fact]
    public async Task Replies_keep_request_order_and_carry_zxids_when_requests_are_pipelined()
    {
        await using var client = await _host.ConnectAsync();
        var xids = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            xids.Add(await client.SendAsync(i % 3 == 2 ? OpCode.Exists : OpCode.Create, i % 3 == 2 ? Requests.PathWatch($"/p{i - 1}") : Requests.Create($"/p{i}")));
        }

        var lastZxid = 0L;
        foreach (var xid in xids)
        {
            var reply = await client.ReadReplyAsync(xid);
            Assert.Equal(ErrorCode.Ok, reply.Error);
            Assert.True(reply.Zxid >= lastZxid);
            lastZxid = reply.Zxid;
        }

        Assert.Equal(_host.Server.LastZxid, lastZxid);
    }

    [Fact]
    public async Task SetWatches_fires_missed_changes_before_its_reply_and_rearms_the_rest()
    {
        await using var client = await _host.ConnectAsync();
        await client.RequestAsync(OpCode.Create, Requests.Create("/s"));
        await client.RequestAsync(OpCode.Create, Requests.Create("/s/kept"));
        await client.RequestAsync(OpCode.Create, Requests.Create("/s/changed"));
        var relative = _host.Server.LastZxid;
        await client.RequestAsync(OpCode.SetData, Requests.SetData("/s/changed", "x"));
        await client.RequestAsync(OpCode.Create, Requests.Create("/s/born"));

        await client.RequestAsync(OpCode.SetWatches, w =>
        {
            w.WriteLong(relative);
            w.WriteStringVector(["/s/kept", "/s/changed", "/s/gone"]);
            w.WriteStringVector(["/s/born", "/s/unborn"]);
            w.WriteStringVector(["/s"]);
        }, xid: Xids.SetWatches);
        var fired = client.Notifications.Select(Requests.ReadEvent).ToHashSet();
        Assert.Equal(
            new HashSet<WatchedEventFields>
            {
                new((int)EventType.NodeDataChanged, 3, "/s/changed"),
                new((int)EventType.NodeDeleted, 3, "/s/gone"),
                new((int)EventType.NodeCreated, 3, "/s/born"),
                new((int)EventType.NodeChildrenChanged, 3, "/s"),
            },
            fired);
        client.Notifications.Clear();

        await client.RequestAsync(OpCode.SetData, Requests.SetData("/s/kept", "y"));
        await client.RequestAsync(OpCode.Create, Requests.Create("/s/unborn"));
        Assert.Equal(
            [new((int)EventType.NodeDataChanged, 3, "/s/kept"), new((int)EventType.NodeCreated, 3, "/s/unborn")],
            client.Notifications.Select(Requests.ReadEvent).ToList());
    }

    [Fact]
    public async Task Persistent_recursive_watches_see_every_descendant_until_removed()
    {
        await using var client = await _host.ConnectAsync();
        var add = await client.RequestAsync(OpCode.AddWatch, Requests.PathInt("/tree", 1));
        Assert.Equal(4, add.Body.Length);
        Assert.Equal(ErrorCode.Ok, (await client.RequestAsync(OpCode.CheckWatches, Requests.PathInt("/tree", (int)WatchKind.PersistentRecursive))).Error);
        await client.RequestAsync(OpCode.Create, Requests.Create("/tree"));
        await client.RequestAsync(OpCode.Create, Requests.Create("/tree/a"));
        await client.RequestAsync(OpCode.SetData, Requests.SetData("/tree/a", "x"));
        await client.RequestAsync(OpCode.Delete, Requests.PathInt("/tree/a", -1));
        Assert.Equal(
            [
                new((int)EventType.NodeCreated, 3, "/tree"),
                new((int)EventType.NodeCreated, 3, "/tree/a"),
                new((int)EventType.NodeDataChanged, 3, "/tree/a"),
                new((int)EventType.NodeDeleted, 3, "/tree/a"),
            ],
            client.Notifications.Select(Requests.ReadEvent).ToList());

        Assert.Equal(ErrorCode.Ok, (await client.RequestAsync(OpCode.RemoveWatches, Requests.PathInt("/tree", (int)WatchKind.Any))).Error);
        Assert.Equal(ErrorCode.NoWatcher, (await client.RequestAsync(OpCode.RemoveWatches, Requests.PathInt("/tree", (int)WatchKind.Any))).Error);
        Assert.Equal(ErrorCode.NoWatcher, (await client.RequestAsync(OpCode.CheckWatches, Requests.PathInt("/tree", (int)WatchKind.Data))).Error);
        client.Notifications.Clear();
        await client.RequestAsync(OpCode.Create, Requests.Create("/tree/b"));
        Assert.Empty(client.Notifications);
    }

    [Fact]
    public async Task A_closed_connection_leaves_no_watches_behind()
    {
        var client = await _host.ConnectAsync();
        await client.RequestAsync(OpCode.Exists, Requests.PathWatch("/gone", watch: true));
        Assert.Equal(1, _host.Server.Tree.Watches.Count().Watches);
        await client.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_host.Server.Tree.Watches.Count().Watches != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, _host.Server.Tree.Watches.Count().Watches);
    }
}
