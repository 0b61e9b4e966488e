using System.Buffers.Binary;
using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Protocol.Codec;

/// <summary>
/// The peer wire format. Every message travels in one frame (integers little-endian):
/// <code>
/// frame  := length int32 (bytes after this field) | version byte = 1 | type byte (MessageType) | sender int64 | body
/// bytes  := length int32 | that many bytes
/// body   := Notification:  leader int64 | zxid int64 | peerEpoch int64 | round int64 | state byte (ZabRole)
///         | FollowerInfo: acceptedEpoch int64      | LeaderInfo: epoch int64
///         | AckEpoch:     currentEpoch int64 | lastZxid int64 | alreadyAccepted byte (0/1)
///         | Diff, Trunc, NewLeader, UpToDate, Ack, Commit: zxid int64
///         | Proposal, Inform: zxid int64 | payload bytes
///         | SnapshotChunk: zxid int64 | last byte (0/1) | data bytes
///         | Ping: sessionTouches bytes | Request: payload bytes
///         | SyncRequest, SyncReply: requestId int64
/// </code>
/// Decoding validates everything (length bounds before buffering, version, type, sender, every field, no
/// trailing bytes, stale epochs) and reports a <see cref="FrameError"/> instead of throwing.
/// </summary>
public static class ZabFrameCodec
{
    public const byte Version = 1;

    /// <summary>Version, type and sender: the smallest value the length prefix can hold.</summary>
    public const int HeaderBytes = 1 + 1 + 8;

    public static byte[] Encode(long sender, ZabMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new FrameWriter();
        writer.Int32(0);
        writer.Byte(Version);
        writer.Byte((byte)message.Type);
        writer.Int64(sender);
        WriteBody(writer, message);
        writer.PatchInt32(0, writer.Length - 4);
        return writer.ToArray();
    }

    /// <summary>Decodes the frame at the start of <paramref name="buffer"/>.</summary>
    public static FrameDecodeResult Decode(ReadOnlySpan<byte> buffer, FrameDecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (buffer.Length < 4)
        {
            return FrameDecodeResult.NeedMore;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (length < HeaderBytes)
        {
            return FrameDecodeResult.Reject(FrameError.TooShort, $"a frame of {length} bytes cannot hold its header");
        }

        if (length > context.MaxFrameBytes)
        {
            return FrameDecodeResult.Reject(FrameError.Oversized, $"a frame of {length} bytes exceeds the limit of {context.MaxFrameBytes}");
        }

        if (buffer.Length - 4 < length)
        {
            return FrameDecodeResult.NeedMore;
        }

        var consumed = 4 + length;
        var frame = buffer.Slice(4, length);
        if (frame[0] != Version)
        {
            return FrameDecodeResult.Reject(FrameError.UnsupportedVersion, $"version {frame[0]} is not {Version}", consumed);
        }

        var type = (MessageType)frame[1];
        if (!Enum.IsDefined(type))
        {
            return FrameDecodeResult.Reject(FrameError.UnknownType, $"type {frame[1]} is unknown", consumed);
        }

        var sender = BinaryPrimitives.ReadInt64LittleEndian(frame[2..]);
        if (context.KnownSenders is { } known && (!known.Contains(sender) || sender == context.SelfId))
        {
            return FrameDecodeResult.Reject(FrameError.UnknownSender, $"server {sender} is not a peer", consumed);
        }

        var reader = new FrameReader(frame[HeaderBytes..]);
        var message = ReadBody(ref reader, type);
        if (!reader.Failed && !reader.AtEnd)
        {
            reader.Fail(FrameError.TrailingBytes, $"bytes follow the {type} body");
        }

        if (!reader.Failed)
        {
            CheckEpoch(ref reader, message!, context.MinimumEpoch);
        }

        return reader.Failed
            ? FrameDecodeResult.Reject(reader.Error, reader.Detail!, consumed)
            : new FrameDecodeResult(FrameDecodeStatus.Complete, consumed, sender, message, FrameError.None, null);
    }

    private static void CheckEpoch(ref FrameReader reader, ZabMessage message, long minimumEpoch)
    {
        var epoch = message switch
        {
            LeaderInfo info => info.Epoch,
            NewLeader newLeader => Zxid.EpochOf(newLeader.Zxid),
            _ => long.MaxValue,
        };
        if (epoch < minimumEpoch)
        {
            reader.Fail(FrameError.StaleEpoch, $"{message.Type} for epoch {epoch} is below the accepted epoch {minimumEpoch}");
        }
    }

    private static void WriteBody(FrameWriter writer, ZabMessage message)
    {
        switch (message)
        {
            case Notification n:
                writer.Int64(n.Vote.Leader);
                writer.Int64(n.Vote.Zxid);
                writer.Int64(n.Vote.PeerEpoch);
                writer.Int64(n.Round);
                writer.Byte((byte)n.State);
                break;
            case FollowerInfo f:
                writer.Int64(f.AcceptedEpoch);
                break;
            case LeaderInfo l:
                writer.Int64(l.Epoch);
                break;
            case AckEpoch a:
                writer.Int64(a.CurrentEpoch);
                writer.Int64(a.LastZxid);
                writer.Byte(a.AlreadyAccepted ? (byte)1 : (byte)0);
                break;
            case Proposal p:
                writer.Int64(p.Zxid);
                writer.Bytes(p.Payload);
                break;
            case Inform i:
                writer.Int64(i.Zxid);
                writer.Bytes(i.Payload);
                break;
            case SnapshotChunk s:
                writer.Int64(s.Zxid);
                writer.Byte(s.Last ? (byte)1 : (byte)0);
                writer.Bytes(s.Data);
                break;
            case Ping p:
                writer.Bytes(p.SessionTouches);
                break;
            case Request r:
                writer.Bytes(r.Payload);
                break;
            case SyncRequest s:
                writer.Int64(s.RequestId);
                break;
            case SyncReply s:
                writer.Int64(s.RequestId);
                break;
            default:
                writer.Int64(ZxidOf(message));
                break;
        }
    }

    private static long ZxidOf(ZabMessage message) => message switch
    {
        Diff d => d.Zxid,
        Trunc t => t.Zxid,
        NewLeader n => n.Zxid,
        UpToDate u => u.CommittedZxid,
        Ack a => a.Zxid,
        Commit c => c.Zxid,
        _ => throw new ArgumentException($"no encoding for {message.GetType().Name}", nameof(message)),
    };

    private static ZabMessage? ReadBody(ref FrameReader reader, MessageType type) => type switch
    {
        MessageType.Notification => ReadNotification(ref reader),
        MessageType.FollowerInfo => new FollowerInfo(reader.Epoch("acceptedEpoch")),
        MessageType.LeaderInfo => new LeaderInfo(reader.Epoch("epoch")),
        MessageType.AckEpoch => new AckEpoch(reader.Epoch("currentEpoch"), reader.NonNegative("lastZxid"), reader.Flag("alreadyAccepted")),
        MessageType.Diff => new Diff(reader.NonNegative("zxid")),
        MessageType.Trunc => new Trunc(reader.NonNegative("zxid")),
        MessageType.NewLeader => new NewLeader(reader.NonNegative("zxid")),
        MessageType.UpToDate => new UpToDate(reader.NonNegative("zxid")),
        MessageType.Ack => new Ack(reader.NonNegative("zxid")),
        MessageType.Commit => new Commit(reader.NonNegative("zxid")),
        MessageType.Proposal => new Proposal(reader.NonNegative("zxid"), reader.Bytes("payload")),
        MessageType.Inform => new Inform(reader.NonNegative("zxid"), reader.Bytes("payload")),
        MessageType.SnapshotChunk => ReadSnapshotChunk(ref reader),
        MessageType.Ping => new Ping(reader.Bytes("sessionTouches")),
        MessageType.Request => new Request(reader.Bytes("payload")),
        MessageType.SyncRequest => new SyncRequest(reader.NonNegative("requestId")),
        MessageType.SyncReply => new SyncReply(reader.NonNegative("requestId")),
        _ => null,
    };

    private static SnapshotChunk ReadSnapshotChunk(ref FrameReader reader)
    {
        var zxid = reader.NonNegative("zxid");
        var last = reader.Flag("last");
        return new SnapshotChunk(zxid, reader.Bytes("data"), last);
    }

    private static Notification ReadNotification(ref FrameReader reader)
    {
        var vote = new Vote(reader.Int64("leader"), reader.NonNegative("zxid"), reader.Epoch("peerEpoch"));
        var round = reader.NonNegative("round");
        var state = (ZabRole)reader.Byte("state");
        if (!reader.Failed && !Enum.IsDefined(state))
        {
            reader.Fail(FrameError.InvalidField, $"state {(byte)state} is unknown");
        }

        return new Notification(vote, round, state);
    }
}
