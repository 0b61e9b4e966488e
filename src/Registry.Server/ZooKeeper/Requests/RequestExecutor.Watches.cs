using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>setWatches/setWatches2, addWatch, checkWatches and removeWatches.</summary>
public sealed partial class RequestExecutor
{
    /// <summary>
    /// Re-arms a reconnecting client's watches. A watch whose change the client missed (judged against its
    /// relativeZxid, ZooKeeper's rules) fires now, in frames written before the reply; the others are
    /// registered. Each watch is registered before its node is looked at, so a change in between fires it
    /// rather than being lost; if the look-up then fires it too, only one of the two gets to remove it.
    /// </summary>
    private Task<Reply> SetWatches(int xid, OpCode type, SetWatchesRequest request, long started)
    {
        var writer = new JuteWriter();
        var watches = Tree.Watches;
        var watcher = connection.Watcher;
        var relative = request.RelativeZxid;
        var zxid = LastZxid;
        foreach (var path in request.DataWatches)
        {
            watches.AddDataWatch(path, watcher);
            if (!Tree.TryGetStat(path, out var stat))
            {
                Fire(path, WatchKind.Data, EventType.NodeDeleted);
            }
            else if (stat.Mzxid > relative)
            {
                Fire(path, WatchKind.Data, EventType.NodeDataChanged);
            }
        }

        foreach (var path in request.ExistWatches)
        {
            watches.AddDataWatch(path, watcher);
            if (Tree.Exists(path))
            {
                Fire(path, WatchKind.Data, EventType.NodeCreated);
            }
        }

        foreach (var path in request.ChildWatches)
        {
            watches.AddChildWatch(path, watcher);
            if (!Tree.TryGetStat(path, out var stat))
            {
                Fire(path, WatchKind.Children, EventType.NodeDeleted);
            }
            else if (stat.Pzxid > relative)
            {
                Fire(path, WatchKind.Children, EventType.NodeChildrenChanged);
            }
        }

        foreach (var path in request.PersistentWatches)
        {
            watches.AddPersistentWatch(path, watcher, recursive: false);
        }

        foreach (var path in request.PersistentRecursiveWatches)
        {
            watches.AddPersistentWatch(path, watcher, recursive: true);
        }

        ReplyFrames.HeaderOnly(writer, xid, zxid, ErrorCode.Ok);
        var reply = new Reply(writer.ToArray(), type, xid, zxid, started);
        var gate = zk.Gate.WaitAsync(zxid);
        return gate.IsCompleted ? Task.FromResult(reply) : gate.ContinueWith(_ => reply, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        void Fire(string path, WatchKind kind, EventType eventType)
        {
            if (watches.Remove(path, watcher, kind))
            {
                ReplyFrames.Notification(writer, eventType, path, zxid);
            }
        }
    }

    /// <summary>addWatch: a persistent (mode 0) or persistent-recursive (mode 1) watch; the node need not exist.</summary>
    private Task<Reply> AddWatch(int xid, AddWatchRequest request, long started)
    {
        ZPath.EnsureValid(request.Path);
        if (request.Mode is not (0 or 1))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"unknown addWatch mode {request.Mode}");
        }

        Tree.Watches.AddPersistentWatch(request.Path, connection.Watcher, recursive: request.Mode == 1);
        return Task.FromResult(BodyReply(xid, OpCode.AddWatch, LastZxid, started, w => w.WriteInt(0)));
    }

    /// <summary>checkWatches / removeWatches by WatcherType; NOWATCHER when this connection holds no such watch.</summary>
    private Task<Reply> CheckOrRemoveWatches(int xid, OpCode type, WatchTypeRequest request, long started)
    {
        ZPath.EnsureValid(request.Path);
        if (request.Type is < (int)WatchKind.Children or > (int)WatchKind.PersistentRecursive)
        {
            return Fail(xid, type, ErrorCode.MarshallingError, started, close: false);
        }

        var kind = (WatchKind)request.Type;
        var found = type == OpCode.CheckWatches
            ? Tree.Watches.Contains(request.Path, connection.Watcher, kind)
            : Tree.Watches.Remove(request.Path, connection.Watcher, kind);
        return Task.FromResult(HeaderReply(xid, type, LastZxid, found ? ErrorCode.Ok : ErrorCode.NoWatcher, started));
    }
}
