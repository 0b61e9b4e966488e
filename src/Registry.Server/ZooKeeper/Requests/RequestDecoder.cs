using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;

namespace Registry.Server.ZooKeeper.Requests;

/// <summary>Decodes a request body by opcode. Throws <see cref="JuteException"/> on a malformed body (answered MARSHALLINGERROR).</summary>
public static class RequestDecoder
{
    /// <summary>The opcodes this server answers; anything else is UNIMPLEMENTED and closes the connection, like ZooKeeper.</summary>
    public static bool IsSupported(OpCode type) => type is OpCode.Create or OpCode.Delete or OpCode.Exists or OpCode.GetData
        or OpCode.SetData or OpCode.GetAcl or OpCode.SetAcl or OpCode.GetChildren or OpCode.Sync or OpCode.Ping
        or OpCode.GetChildren2 or OpCode.Check or OpCode.Multi or OpCode.Create2 or OpCode.Reconfig or OpCode.CheckWatches
        or OpCode.RemoveWatches or OpCode.CreateContainer or OpCode.CreateTtl or OpCode.MultiRead or OpCode.Auth
        or OpCode.SetWatches or OpCode.GetEphemerals or OpCode.GetAllChildrenNumber or OpCode.SetWatches2
        or OpCode.AddWatch or OpCode.WhoAmI or OpCode.CloseSession;

    public static ZkRequest Decode(OpCode type, ReadOnlySpan<byte> body)
    {
        var reader = new JuteReader(body);
        return Decode(type, ref reader);
    }

    private static ZkRequest Decode(OpCode type, ref JuteReader reader) => type switch
    {
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => ReadCreate(ref reader, ttl: false),
        OpCode.CreateTtl => ReadCreate(ref reader, ttl: true),
        OpCode.Delete => new DeleteRequest(Path(ref reader), reader.ReadInt()),
        OpCode.Exists or OpCode.GetData or OpCode.GetChildren or OpCode.GetChildren2 => new PathWatchRequest(Path(ref reader), reader.ReadBool()),
        OpCode.SetData => new SetDataRequest(Path(ref reader), reader.ReadBuffer(), reader.ReadInt()),
        OpCode.GetAcl or OpCode.Sync or OpCode.GetAllChildrenNumber or OpCode.GetEphemerals => new PathRequest(reader.ReadString()),
        OpCode.SetAcl => new SetAclRequest(Path(ref reader), AclCodec.Read(ref reader), reader.ReadInt()),
        OpCode.Check => new CheckVersionRequest(Path(ref reader), reader.ReadInt()),
        OpCode.Auth => new AuthRequest(reader.ReadInt(), reader.ReadString(), reader.ReadBuffer() ?? []),
        OpCode.SetWatches => new SetWatchesRequest(reader.ReadLong(), reader.ReadStringVector(), reader.ReadStringVector(), reader.ReadStringVector(), [], []),
        OpCode.SetWatches2 => new SetWatchesRequest(
            reader.ReadLong(), reader.ReadStringVector(), reader.ReadStringVector(), reader.ReadStringVector(), reader.ReadStringVector(), reader.ReadStringVector()),
        OpCode.AddWatch => new AddWatchRequest(Path(ref reader), reader.ReadInt()),
        OpCode.CheckWatches or OpCode.RemoveWatches => new WatchTypeRequest(Path(ref reader), reader.ReadInt()),
        OpCode.Multi or OpCode.MultiRead => ReadMulti(ref reader, read: type == OpCode.MultiRead),
        _ => EmptyRequest.Instance,
    };

    private static CreateRequest ReadCreate(ref JuteReader reader, bool ttl) =>
        new(Path(ref reader), reader.ReadBuffer(), AclCodec.Read(ref reader), reader.ReadInt(), ttl ? reader.ReadLong() : 0);

    /// <summary>A path field; null (kazoo's empty string) becomes "" and fails path validation later.</summary>
    private static string Path(ref JuteReader reader) => reader.ReadString() ?? "";

    /// <summary>MultiOperationRecord: (MultiHeader, op)* until a header with done=true. Read and write ops never mix.</summary>
    private static MultiRequest ReadMulti(ref JuteReader reader, bool read)
    {
        var ops = new List<(OpCode, ZkRequest)>();
        while (true)
        {
            var type = (OpCode)reader.ReadInt();
            var done = reader.ReadBool();
            reader.ReadInt();
            if (done)
            {
                return new MultiRequest(ops);
            }

            var allowed = read
                ? type is OpCode.GetData or OpCode.GetChildren
                : type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl or OpCode.Delete or OpCode.SetData or OpCode.Check;
            if (!allowed)
            {
                throw new JuteException($"operation type {(int)type} is not allowed in a {(read ? "multiRead" : "multi")}");
            }

            ops.Add((type, Decode(type, ref reader)));
        }
    }
}
