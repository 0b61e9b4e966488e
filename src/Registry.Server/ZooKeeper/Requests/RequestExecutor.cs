using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>
/// Turns one decoded request of a connection into its reply, through the same <see cref="RegistryServer"/>
/// API the REST front door uses. Errors are ZooKeeper's codes in a header-only reply. A reply task never faults.
/// </summary>
public sealed partial class RequestExecutor(ClientConnection connection, ZooKeeperContext zk)
{
    private RegistryServer Server => zk.Server;

    private DataTree Tree => zk.Server.Tree;

    private long LastZxid => Tree.LastZxid;

    public Task<Reply> Fail(int xid, OpCode type, ErrorCode error, long started, bool close) =>
        Task.FromResult(HeaderReply(xid, type, LastZxid, error, started, close));

    public Task<Reply> Execute(int xid, OpCode type, ZkRequest request, long started)
    {
        try
        {
            return type switch
            {
                OpCode.Ping => Task.FromResult(HeaderReply(xid, type, LastZxid, ErrorCode.Ok, started)),
                OpCode.Auth => Task.FromResult(Auth(xid, (AuthRequest)request, started)),
                OpCode.Reconfig => Fail(xid, type, ErrorCode.ReconfigDisabled, started, close: false),
                OpCode.WhoAmI => Task.FromResult(WhoAmI(xid, started)),
                OpCode.CloseSession => CloseSessionAsync(xid, started),
                OpCode.Sync => SyncAsync(xid, (PathRequest)request, started),
                OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl or OpCode.Delete
                    or OpCode.SetData or OpCode.SetAcl or OpCode.Multi => WriteAsync(xid, type, request, started),
                OpCode.SetWatches or OpCode.SetWatches2 => SetWatches(xid, type, (SetWatchesRequest)request, started),
                OpCode.AddWatch => AddWatch(xid, (AddWatchRequest)request, started),
                OpCode.CheckWatches or OpCode.RemoveWatches => CheckOrRemoveWatches(xid, type, (WatchTypeRequest)request, started),
                _ => Read(xid, type, request, started),
            };
        }
        catch (KeeperException e)
        {
            return Fail(xid, type, e.Code, started, close: false);
        }
    }

    private static Reply HeaderReply(int xid, OpCode type, long zxid, ErrorCode error, long started, bool close = false)
    {
        var writer = new JuteWriter(20);
        ReplyFrames.HeaderOnly(writer, xid, zxid, error);
        return new Reply(writer.ToArray(), type, xid, zxid, started, close);
    }

    /// <summary>A successful reply: header then the body <paramref name="writeBody"/> writes (synchronously).</summary>
    private static Reply BodyReply(int xid, OpCode type, long zxid, long started, Action<JuteWriter> writeBody, JuteWriter? writer = null) =>
        BodyReply(xid, type, zxid, started, writeBody, static (w, write) => write(w), writer);

    /// <summary><see cref="BodyReply(int, OpCode, long, long, Action{JuteWriter}, JuteWriter?)"/> with the body's state passed rather than captured (no closure per request).</summary>
    private static Reply BodyReply<TState>(int xid, OpCode type, long zxid, long started, TState state, Action<JuteWriter, TState> writeBody, JuteWriter? writer = null)
    {
        writer ??= JuteWriter.Scratch();
        ReplyFrames.BeginReply(writer, xid, zxid, ErrorCode.Ok);
        writeBody(writer, state);
        writer.EndFrame();
        return new Reply(writer.ToArray(), type, xid, zxid, started);
    }
}
