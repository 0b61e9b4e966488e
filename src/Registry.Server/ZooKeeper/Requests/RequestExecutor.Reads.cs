using System.Text;
using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;
using Registry.Tree.Acl;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>Reads, auth and whoAmI. A read's reply waits at the notification gate for the zxid it reflects.</summary>
public sealed partial class RequestExecutor
{
    private delegate long ReadBody(JuteWriter writer);

    private Task<Reply> Read(int xid, OpCode type, ZkRequest request, long started) => (type, request) switch
    {
        (OpCode.GetData, PathWatchRequest r) => Gated(xid, type, started, r.Path, w =>
        {
            var read = Server.GetData(connection.Context, r.Path, r.Watch ? connection.Watcher : null);
            w.WriteBuffer(read.Data);
            StatCodec.Write(w, read.Stat);
            return Reflected(read.Stat);
        }),
        (OpCode.Exists, PathWatchRequest r) => Gated(xid, type, started, r.Path, w =>
        {
            var stat = Server.Exists(connection.Context, r.Path, r.Watch ? connection.Watcher : null)
                ?? throw new KeeperException(ErrorCode.NoNode, $"{r.Path} does not exist");
            StatCodec.Write(w, stat);
            return Reflected(stat);
        }),
        (OpCode.GetChildren or OpCode.GetChildren2, PathWatchRequest r) => Gated(xid, type, started, r.Path, w =>
        {
            var read = Server.GetChildren(connection.Context, r.Path, r.Watch ? connection.Watcher : null);
            w.WriteStringVector(read.Children!.ToList());
            if (type == OpCode.GetChildren2)
            {
                StatCodec.Write(w, read.Stat);
            }

            return Reflected(read.Stat);
        }),
        (OpCode.GetAcl, PathRequest r) => Gated(xid, type, started, r.Path, w =>
        {
            var (acl, stat) = Server.GetAcl(connection.Context, r.Path ?? "");
            AclCodec.Write(w, acl);
            StatCodec.Write(w, stat);
            return Reflected(stat);
        }),
        (OpCode.GetAllChildrenNumber, PathRequest r) => Gated(xid, type, started, r.Path, w =>
        {
            w.WriteInt(Server.CountDescendants(connection.Context, r.Path ?? ""));
            return LastZxid;
        }),
        (OpCode.GetEphemerals, PathRequest r) => Gated(xid, type, started, null, w =>
        {
            w.WriteStringVector(Server.EphemeralsOf(connection.SessionId, r.Path).ToList());
            return LastZxid;
        }),
        (OpCode.Check, CheckVersionRequest r) => Gated(xid, type, started, r.Path, _ => Reflected(Server.Check(connection.Context, r.Path, r.Version))),
        (OpCode.MultiRead, MultiRequest r) => Gated(xid, type, started, null, w => MultiRead(w, r)),
        _ => Fail(xid, type, ErrorCode.MarshallingError, started, close: false),
    };

    /// <summary>
    /// Runs a read and builds its reply; the reply is released once every notification up to the zxid the
    /// read reflects has been queued. A NONODE reflects the deletion through the nearest ancestor's pzxid.
    /// </summary>
    private Task<Reply> Gated(int xid, OpCode type, long started, string? path, ReadBody body)
    {
        var writer = JuteWriter.Scratch();
        long reflected;
        var error = ErrorCode.Ok;
        try
        {
            ReplyFrames.BeginReply(writer, xid, 0, ErrorCode.Ok);
            reflected = body(writer);
        }
        catch (KeeperException e)
        {
            error = e.Code;
            reflected = error == ErrorCode.NoNode && path is not null ? AncestorPzxid(path) : 0;
        }

        var zxid = Math.Max(LastZxid, reflected);
        Reply reply;
        if (error == ErrorCode.Ok)
        {
            writer.EndFrame();
            var frame = writer.ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(8), zxid);
            reply = new Reply(frame, type, xid, zxid, started);
        }
        else
        {
            reply = HeaderReply(xid, type, zxid, error, started);
        }

        var gate = zk.Gate.WaitAsync(reflected);
        return gate.IsCompleted ? Task.FromResult(reply) : gate.ContinueWith(_ => reply, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static long Reflected(in Stat stat) => Math.Max(stat.Czxid, Math.Max(stat.Mzxid, stat.Pzxid));

    /// <summary>The pzxid of the nearest existing ancestor: a deletion of the path raised it before the node vanished.</summary>
    private long AncestorPzxid(string path)
    {
        if (ZPath.Validate(path) is not null || path == ZPath.Root)
        {
            return 0;
        }

        var ancestor = ZPath.Parent(path);
        while (true)
        {
            if (Tree.TryGetStat(ancestor, out var stat))
            {
                return stat.Pzxid;
            }

            ancestor = ZPath.Parent(ancestor);
        }
    }

    /// <summary>multiRead: each op independent; a failing op yields an error result, the others their data.</summary>
    private long MultiRead(JuteWriter w, MultiRequest request)
    {
        var reflected = LastZxid;
        foreach (var (type, op) in request.Ops)
        {
            var path = ((PathWatchRequest)op).Path;
            try
            {
                if (type == OpCode.GetData)
                {
                    var read = Server.GetData(connection.Context, path);
                    MultiCodec.WriteHeader(w, OpCode.GetData, ErrorCode.Ok);
                    w.WriteBuffer(read.Data);
                    StatCodec.Write(w, read.Stat);
                    reflected = Math.Max(reflected, Reflected(read.Stat));
                }
                else
                {
                    var read = Server.GetChildren(connection.Context, path);
                    MultiCodec.WriteHeader(w, OpCode.GetChildren, ErrorCode.Ok);
                    w.WriteStringVector(read.Children!.ToList());
                    reflected = Math.Max(reflected, Reflected(read.Stat));
                }
            }
            catch (KeeperException e)
            {
                MultiCodec.WriteError(w, e.Code);
                if (e.Code == ErrorCode.NoNode)
                {
                    reflected = Math.Max(reflected, AncestorPzxid(path));
                }
            }
        }

        MultiCodec.WriteEnd(w);
        return reflected;
    }

    /// <summary>digest adds user:base64(sha1) (and super when it is the super digest); other schemes fail and close the connection.</summary>
    private Reply Auth(int xid, AuthRequest request, long started)
    {
        if (request.Scheme == DigestAuth.Scheme)
        {
            try
            {
                var id = DigestAuth.IdFor(Encoding.UTF8.GetString(request.Auth));
                connection.AddIdentity(new Id(DigestAuth.Scheme, id));
                if (zk.Options.SuperDigest is { Length: > 0 } super && id == super)
                {
                    connection.AddIdentity(Id.Super);
                }

                return HeaderReply(xid, OpCode.Auth, 0, ErrorCode.Ok, started);
            }
            catch (KeeperException)
            {
                // Falls through to the failure below.
            }
        }

        zk.Stats.AuthFailure();
        return HeaderReply(xid, OpCode.Auth, 0, ErrorCode.AuthFailed, started, close: true);
    }

    /// <summary>whoAmI: one ClientInfo(scheme, user) per identity of the connection.</summary>
    private Reply WhoAmI(int xid, long started) => BodyReply(xid, OpCode.WhoAmI, LastZxid, started, w =>
    {
        var identities = connection.Identities;
        w.WriteInt(identities.Count);
        foreach (var id in identities)
        {
            w.WriteString(id.Scheme);
            w.WriteString(id.Scheme == DigestAuth.Scheme ? DigestAuth.UserOf(id.Value) : id.Value);
        }
    });
}
