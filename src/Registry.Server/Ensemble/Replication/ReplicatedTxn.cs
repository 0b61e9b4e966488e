using Registry.Tree.Txns;

namespace Registry.Server.Ensemble.Replication;

/// <summary>
/// What an ensemble logs and replicates for each zxid (the opaque payload of a ZAB proposal): the transaction in
/// the standalone log format, preceded by the server that took the client's request and its request number there,
/// so that server answers its client once it applies the transaction.
/// <code>origin int64 | requestId int64 | TxnCodec bytes</code>
/// </summary>
internal readonly record struct ReplicatedTxn(long Origin, long RequestId, TxnHeader Header, Txn Txn)
{
    private const int PrefixBytes = 16;

    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Origin);
            writer.Write(RequestId);
            TxnCodec.Write(writer, Header, Txn);
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a logged or proposed payload; throws <see cref="InvalidDataException"/> when malformed.</summary>
    public static ReplicatedTxn Decode(long zxid, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length < PrefixBytes)
        {
            throw new InvalidDataException($"transaction 0x{zxid:x} is too short for its origin");
        }

        var span = payload.Span;
        var origin = BitConverter.ToInt64(span);
        var requestId = BitConverter.ToInt64(span[8..]);
        var (header, txn) = TxnCodec.Read(zxid, payload[PrefixBytes..]);
        return new ReplicatedTxn(origin, requestId, header, txn);
    }
}
