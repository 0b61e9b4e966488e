using Registry.Server.Pipeline;
using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>Writes through the pipeline, sync and closeSession. The reply carries the write's own zxid.</summary>
public sealed partial class RequestExecutor
{
    private async Task<Reply> WriteAsync(int xid, OpCode type, ZkRequest request, long started)
    {
        WriteResult result;
        try
        {
            result = await Server.WriteAsync(connection.Context, ToWriteOp(type, request));
        }
        catch (KeeperException e)
        {
            return HeaderReply(xid, type, LastZxid, e.Code, started);
        }

        if (type == OpCode.Multi && result.MultiResults is { } failed && !result.IsSuccess)
        {
            // A failed multi is still answered err 0 in the header, with one error result per op.
            return BodyReply(xid, type, LastZxid, started, failed, static (w, failed) =>
            {
                foreach (var r in failed)
                {
                    MultiCodec.WriteError(w, r.Error);
                }

                MultiCodec.WriteEnd(w);
            });
        }

        if (!result.IsSuccess)
        {
            return HeaderReply(xid, type, LastZxid, result.Error, started);
        }

        return BodyReply(xid, type, result.Zxid, started, (type, request, result), static (w, s) => WriteResultBody(w, s.type, s.request, s.result));
    }

    private static void WriteResultBody(JuteWriter w, OpCode type, ZkRequest request, WriteResult result)
    {
        switch (type)
        {
            case OpCode.Create:
                w.WriteString(result.Result.Path);
                break;
            case OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl:
                w.WriteString(result.Result.Path);
                StatCodec.Write(w, result.Result.Stat ?? default);
                break;
            case OpCode.SetData or OpCode.SetAcl:
                StatCodec.Write(w, result.Result.Stat ?? default);
                break;
            case OpCode.Multi:
                WriteMultiResults(w, (MultiRequest)request, result.MultiResults ?? []);
                break;
        }
    }

    /// <summary>
    /// Results of a committed multi. Every create comes back as result type 1 with its path only, as
    /// ZooKeeper 3.8 answers (kazoo parses nothing else for creates).
    /// </summary>
    private static void WriteMultiResults(JuteWriter w, MultiRequest request, IReadOnlyList<OpResult> results)
    {
        for (var i = 0; i < request.Ops.Count; i++)
        {
            var type = request.Ops[i].Type;
            var r = results[i];
            switch (type)
            {
                case OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl:
                    MultiCodec.WriteHeader(w, OpCode.Create, ErrorCode.Ok);
                    w.WriteString(r.Path);
                    break;
                case OpCode.SetData:
                    MultiCodec.WriteHeader(w, OpCode.SetData, ErrorCode.Ok);
                    StatCodec.Write(w, r.Stat ?? default);
                    break;
                default:
                    MultiCodec.WriteHeader(w, type, ErrorCode.Ok);
                    break;
            }
        }

        MultiCodec.WriteEnd(w);
    }

    private static WriteOp ToWriteOp(OpCode type, ZkRequest request) => (type, request) switch
    {
        (OpCode.CreateContainer, CreateRequest r) => new CreateOp(r.Path, r.Data ?? [], r.Acl, CreateMode.Container),
        (OpCode.CreateTtl, CreateRequest r) when !((CreateMode)r.Flags).IsTtl() =>
            throw new KeeperException(ErrorCode.BadArguments, "createTTL needs a TTL create mode"),
        (OpCode.Create or OpCode.Create2 or OpCode.CreateTtl, CreateRequest r) => new CreateOp(r.Path, r.Data ?? [], r.Acl, (CreateMode)r.Flags, r.Ttl),
        (OpCode.Delete, DeleteRequest r) => new DeleteOp(r.Path, r.Version),
        (OpCode.SetData, SetDataRequest r) => new SetDataOp(r.Path, r.Data ?? [], r.Version),
        (OpCode.SetAcl, SetAclRequest r) => new SetAclOp(r.Path, r.Acl, r.Version),
        (OpCode.Check, CheckVersionRequest r) => new CheckOp(r.Path, r.Version),
        (OpCode.Multi, MultiRequest r) => new MultiOp(r.Ops.Select(o => ToWriteOp(o.Type, o.Op)).ToList()),
        _ => throw new KeeperException(ErrorCode.MarshallingError, $"{type} does not carry a {request.GetType().Name}"),
    };

    private async Task<Reply> SyncAsync(int xid, PathRequest request, long started)
    {
        await Server.SyncAsync();
        return BodyReply(xid, OpCode.Sync, LastZxid, started, w => w.WriteString(request.Path));
    }

    /// <summary>Closes the session (its ephemerals go in the same transaction), answers, then the connection closes.</summary>
    private async Task<Reply> CloseSessionAsync(int xid, long started)
    {
        connection.ClosingSession();
        var result = await zk.Sessions.CloseAsync(connection.SessionId);
        return HeaderReply(xid, OpCode.CloseSession, result.IsSuccess ? result.Zxid : LastZxid, ErrorCode.Ok, started, close: true);
    }
}
