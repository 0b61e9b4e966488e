using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Txns;

namespace Registry.Server.Ensemble.Replication;

/// <summary>
/// A client write on its way to the leader (the opaque payload of ZAB's REQUEST): the server that took it and its
/// request number there (so that server can answer when the transaction comes back), who asked, and the write.
/// <code>origin int64 | requestId int64 | sessionId int64 | identities (int32 n | n × (scheme, id)) | op</code>
/// </summary>
internal sealed record ForwardedWrite(long Origin, long RequestId, RequestContext Context, WriteOp Op)
{
    private enum Kind : byte
    {
        Create = 1,
        Delete = 2,
        SetData = 3,
        SetAcl = 4,
        Check = 5,
        Multi = 6,
        CreateSession = 7,
        CloseSession = 8,
        Reap = 9,
    }

    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Origin);
            writer.Write(RequestId);
            writer.Write(Context.SessionId);
            writer.Write(Context.Identities.Count);
            foreach (var id in Context.Identities)
            {
                writer.Write(id.Scheme);
                writer.Write(id.Value);
            }

            WriteOp(writer, Op, depth: 0);
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a payload from <see cref="Encode"/>; throws <see cref="InvalidDataException"/> when malformed.</summary>
    public static ForwardedWrite Decode(ReadOnlyMemory<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            var origin = reader.ReadInt64();
            var requestId = reader.ReadInt64();
            var sessionId = reader.ReadInt64();
            var identities = new Id[Count(reader)];
            for (var i = 0; i < identities.Length; i++)
            {
                identities[i] = new Id(reader.ReadString(), reader.ReadString());
            }

            var op = ReadOp(reader, depth: 0);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException("trailing bytes after a forwarded write");
            }

            return new ForwardedWrite(origin, requestId, new RequestContext(sessionId, identities), op);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"malformed forwarded write: {e.Message}", e);
        }
    }

    private static void WriteOp(BinaryWriter writer, WriteOp op, int depth)
    {
        switch (op)
        {
            case CreateOp c:
                writer.Write((byte)Kind.Create);
                writer.Write(c.Path);
                TxnCodec.WriteBytes(writer, c.Data);
                TxnCodec.WriteAcl(writer, c.Acl);
                writer.Write((int)c.Mode);
                writer.Write(c.Ttl);
                break;
            case DeleteOp d:
                writer.Write((byte)Kind.Delete);
                writer.Write(d.Path);
                writer.Write(d.Version);
                break;
            case SetDataOp s:
                writer.Write((byte)Kind.SetData);
                writer.Write(s.Path);
                TxnCodec.WriteBytes(writer, s.Data);
                writer.Write(s.Version);
                break;
            case SetAclOp a:
                writer.Write((byte)Kind.SetAcl);
                writer.Write(a.Path);
                TxnCodec.WriteAcl(writer, a.Acl);
                writer.Write(a.Version);
                break;
            case CheckOp k:
                writer.Write((byte)Kind.Check);
                writer.Write(k.Path);
                writer.Write(k.Version);
                break;
            case MultiOp m when depth == 0:
                writer.Write((byte)Kind.Multi);
                writer.Write(m.Ops.Count);
                foreach (var inner in m.Ops)
                {
                    WriteOp(writer, inner, depth + 1);
                }

                break;
            case CreateSessionOp cs:
                writer.Write((byte)Kind.CreateSession);
                writer.Write(cs.SessionId);
                writer.Write(cs.TimeoutMs);
                break;
            case CloseSessionOp close:
                writer.Write((byte)Kind.CloseSession);
                writer.Write(close.SessionId);
                break;
            case ReapOp r:
                writer.Write((byte)Kind.Reap);
                writer.Write(r.Path);
                break;
            default:
                throw new ArgumentException($"cannot forward {op.GetType().Name}", nameof(op));
        }
    }

    private static WriteOp ReadOp(BinaryReader reader, int depth)
    {
        var kind = (Kind)reader.ReadByte();
        return kind switch
        {
            Kind.Create => new CreateOp(reader.ReadString(), TxnCodec.ReadBytes(reader), TxnCodec.ReadAcl(reader), (CreateMode)reader.ReadInt32(), reader.ReadInt64()),
            Kind.Delete => new DeleteOp(reader.ReadString(), reader.ReadInt32()),
            Kind.SetData => new SetDataOp(reader.ReadString(), TxnCodec.ReadBytes(reader), reader.ReadInt32()),
            Kind.SetAcl => new SetAclOp(reader.ReadString(), TxnCodec.ReadAcl(reader), reader.ReadInt32()),
            Kind.Check => new CheckOp(reader.ReadString(), reader.ReadInt32()),
            Kind.Multi when depth == 0 => ReadMulti(reader),
            Kind.CreateSession => new CreateSessionOp(reader.ReadInt64(), reader.ReadInt32()),
            Kind.CloseSession => new CloseSessionOp(reader.ReadInt64()),
            Kind.Reap => new ReapOp(reader.ReadString()),
            _ => throw new InvalidDataException($"unknown forwarded write kind {(byte)kind}"),
        };
    }

    private static MultiOp ReadMulti(BinaryReader reader)
    {
        var ops = new WriteOp[Count(reader)];
        for (var i = 0; i < ops.Length; i++)
        {
            ops[i] = ReadOp(reader, depth: 1);
        }

        return new MultiOp(ops);
    }

    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        return count >= 0 && count <= remaining ? count : throw new InvalidDataException($"count {count} exceeds the {remaining} bytes left");
    }
}
