using Registry.Tree.Acl;

namespace Registry.Tree.Txns;

/// <summary>
/// Binary form of a transaction in the log (the zxid lives in the log record, not here):
/// <c>[int64 sessionId][int64 time][txn]</c> where <c>txn</c> is a kind byte followed by its fields
/// (strings as BinaryWriter's length-prefixed UTF-8, byte arrays as int32 length + bytes, ACLs as
/// int32 count + (int32 perms, scheme, id)). Integers are little-endian.
/// </summary>
public static class TxnCodec
{
    private enum Kind : byte
    {
        Create = 1,
        Delete = 2,
        SetData = 3,
        SetAcl = 4,
        Check = 5,
        CreateSession = 6,
        CloseSession = 7,
        Multi = 8,
        Error = 9,
    }

    public static void Write(BinaryWriter writer, TxnHeader header, Txn txn)
    {
        writer.Write(header.SessionId);
        writer.Write(header.Time);
        WriteTxn(writer, txn);
    }

    /// <summary>Decodes a payload written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> when malformed.</summary>
    public static (TxnHeader Header, Txn Txn) Read(long zxid, ReadOnlyMemory<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            var header = new TxnHeader(reader.ReadInt64(), zxid, reader.ReadInt64());
            var txn = ReadTxn(reader, depth: 0);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{stream.Length - stream.Position} trailing bytes after transaction 0x{zxid:x}");
            }

            return (header, txn);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new InvalidDataException($"transaction 0x{zxid:x} is malformed: {e.Message}", e);
        }
    }

    /// <summary>What BinaryReader throws on malformed input (short data, bad 7-bit lengths, invalid UTF-8).</summary>
    internal static bool IsDecodeFailure(Exception e) =>
        e is EndOfStreamException or FormatException or IOException or ArgumentException or System.Text.DecoderFallbackException;

    public static void WriteAcl(BinaryWriter writer, IReadOnlyList<AclEntry> acl)
    {
        writer.Write(acl.Count);
        for (var i = 0; i < acl.Count; i++)
        {
            var entry = acl[i];
            writer.Write((int)entry.Perms);
            writer.Write(entry.Id.Scheme);
            writer.Write(entry.Id.Value);
        }
    }

    public static IReadOnlyList<AclEntry> ReadAcl(BinaryReader reader)
    {
        var count = ReadCount(reader);
        var acl = new AclEntry[count];
        for (var i = 0; i < count; i++)
        {
            acl[i] = new AclEntry((Perms)reader.ReadInt32(), new Id(reader.ReadString(), reader.ReadString()));
        }

        return acl;
    }

    public static void WriteBytes(BinaryWriter writer, byte[] data)
    {
        writer.Write(data.Length);
        writer.Write(data);
    }

    public static byte[] ReadBytes(BinaryReader reader)
    {
        var length = ReadCount(reader);
        var data = reader.ReadBytes(length);
        return data.Length == length ? data : throw new EndOfStreamException();
    }

    private static void WriteTxn(BinaryWriter writer, Txn txn)
    {
        switch (txn)
        {
            case CreateTxn c:
                writer.Write((byte)Kind.Create);
                writer.Write(c.Path);
                WriteBytes(writer, c.Data);
                WriteAcl(writer, c.Acl);
                writer.Write(c.EphemeralOwner);
                break;
            case DeleteTxn d:
                writer.Write((byte)Kind.Delete);
                writer.Write(d.Path);
                break;
            case SetDataTxn s:
                writer.Write((byte)Kind.SetData);
                writer.Write(s.Path);
                WriteBytes(writer, s.Data);
                writer.Write(s.Version);
                break;
            case SetAclTxn a:
                writer.Write((byte)Kind.SetAcl);
                writer.Write(a.Path);
                WriteAcl(writer, a.Acl);
                writer.Write(a.Version);
                break;
            case CheckTxn k:
                writer.Write((byte)Kind.Check);
                writer.Write(k.Path);
                break;
            case CreateSessionTxn cs:
                writer.Write((byte)Kind.CreateSession);
                writer.Write(cs.TimeoutMs);
                break;
            case CloseSessionTxn:
                writer.Write((byte)Kind.CloseSession);
                break;
            case ErrorTxn e:
                writer.Write((byte)Kind.Error);
                writer.Write((int)e.Error);
                writer.Write(e.Message);
                writer.Write(e.MultiErrors.Count);
                foreach (var code in e.MultiErrors)
                {
                    writer.Write((int)code);
                }

                break;
            case MultiTxn m:
                writer.Write((byte)Kind.Multi);
                writer.Write(m.Ops.Count);
                foreach (var op in m.Ops)
                {
                    WriteTxn(writer, op);
                }

                break;
            default:
                throw new ArgumentException($"unknown transaction {txn.GetType().Name}", nameof(txn));
        }
    }

    private static Txn ReadTxn(BinaryReader reader, int depth)
    {
        var kind = (Kind)reader.ReadByte();
        return kind switch
        {
            Kind.Create => new CreateTxn(reader.ReadString(), ReadBytes(reader), ReadAcl(reader), reader.ReadInt64()),
            Kind.Delete => new DeleteTxn(reader.ReadString()),
            Kind.SetData => new SetDataTxn(reader.ReadString(), ReadBytes(reader), reader.ReadInt32()),
            Kind.SetAcl => new SetAclTxn(reader.ReadString(), ReadAcl(reader), reader.ReadInt32()),
            Kind.Check => new CheckTxn(reader.ReadString()),
            Kind.CreateSession => new CreateSessionTxn(reader.ReadInt32()),
            Kind.CloseSession => new CloseSessionTxn(),
            Kind.Multi when depth == 0 => ReadMulti(reader),
            Kind.Error when depth == 0 => ReadError(reader),
            _ => throw new InvalidDataException($"unknown transaction kind {(byte)kind}"),
        };
    }

    private static MultiTxn ReadMulti(BinaryReader reader)
    {
        var count = ReadCount(reader);
        var ops = new List<Txn>(count);
        for (var i = 0; i < count; i++)
        {
            ops.Add(ReadTxn(reader, depth: 1));
        }

        return new MultiTxn(ops);
    }

    private static ErrorTxn ReadError(BinaryReader reader)
    {
        var error = (ErrorCode)reader.ReadInt32();
        var message = reader.ReadString();
        var count = ReadCount(reader);
        var codes = new ErrorCode[count];
        for (var i = 0; i < count; i++)
        {
            codes[i] = (ErrorCode)reader.ReadInt32();
        }

        return new ErrorTxn(error, message, codes);
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        return count >= 0 && count <= remaining ? count : throw new InvalidDataException($"count {count} exceeds the {remaining} bytes left");
    }
}
