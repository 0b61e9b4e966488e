using System.Buffers.Binary;
using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Codec;
using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Tests.Protocol;

public sealed class FrameCodecTests
{
    private static readonly FrameDecodeContext Peers = new(new HashSet<long> { 1, 2, 3 }, SelfId: 1, MinimumEpoch: 5);

    private static readonly ZabMessage[] Messages =
    [
        new Notification(new Vote(3, Zxid.Make(5, 9), 5), 12, ZabRole.Looking),
        new FollowerInfo(5),
        new LeaderInfo(6),
        new AckEpoch(5, Zxid.Make(5, 9), true),
        new Diff(Zxid.Make(5, 9)),
        new Trunc(Zxid.Make(4, 1)),
        new SnapshotChunk(Zxid.Make(5, 2), new byte[] { 1, 2, 3 }, true),
        new NewLeader(Zxid.Make(6, 0)),
        new UpToDate(Zxid.Make(5, 9)),
        new Proposal(Zxid.Make(6, 1), new byte[] { 0xCA, 0xFE }),
        new Ack(Zxid.Make(6, 1)),
        new Commit(Zxid.Make(6, 1)),
        new Inform(Zxid.Make(6, 1), Array.Empty<byte>()),
        new Ping(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
        new Request(new byte[] { 7 }),
        new SyncRequest(77),
        new SyncReply(77),
    ];

    public static TheoryData<ZabMessage> EveryMessage => new(Messages);

    [Theory]
    [MemberData(nameof(EveryMessage))]
    public void Every_message_round_trips_with_its_sender(ZabMessage message)
    {
        var frame = ZabFrameCodec.Encode(2, message);
        var result = ZabFrameCodec.Decode(frame, Peers);

        Assert.Equal(FrameDecodeStatus.Complete, result.Status);
        Assert.Equal(frame.Length, result.BytesConsumed);
        Assert.Equal(2, result.Sender);
        Assert.Equal(message.Type, result.Message!.Type);
        Assert.Equal(frame, ZabFrameCodec.Encode(2, result.Message));
    }

    [Fact]
    public void The_header_carries_length_version_type_and_sender()
    {
        var frame = ZabFrameCodec.Encode(3, new Ack(Zxid.Make(6, 1)));

        Assert.Equal(frame.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(frame));
        Assert.Equal(ZabFrameCodec.Version, frame[4]);
        Assert.Equal((byte)MessageType.Ack, frame[5]);
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(6)));
        Assert.Equal(Zxid.Make(6, 1), BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(14)));
    }

    [Fact]
    public void Every_prefix_of_a_frame_asks_for_more_data_and_frames_decode_back_to_back()
    {
        var first = ZabFrameCodec.Encode(2, new Proposal(Zxid.Make(6, 1), new byte[] { 1, 2, 3 }));
        var second = ZabFrameCodec.Encode(3, new Commit(Zxid.Make(6, 1)));
        for (var length = 0; length < first.Length; length++)
        {
            Assert.Equal(FrameDecodeStatus.NeedMoreData, ZabFrameCodec.Decode(first.AsSpan(0, length), Peers).Status);
        }

        byte[] stream = [.. first, .. second];
        var a = ZabFrameCodec.Decode(stream, Peers);
        var b = ZabFrameCodec.Decode(stream.AsSpan(a.BytesConsumed), Peers);
        Assert.IsType<Proposal>(a.Message);
        Assert.Equal(new Commit(Zxid.Make(6, 1)), b.Message);
        Assert.Equal(stream.Length, a.BytesConsumed + b.BytesConsumed);
    }

    [Fact]
    public void Oversized_and_too_short_lengths_are_rejected_before_the_body_arrives()
    {
        var oversized = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(oversized, FrameDecodeContext.DefaultMaxFrameBytes + 1);
        AssertRejected(oversized, FrameError.Oversized);

        var negative = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(negative, -1);
        AssertRejected(negative, FrameError.TooShort);

        var small = ZabFrameCodec.Encode(2, new Ack(1));
        BinaryPrimitives.WriteInt32LittleEndian(small, ZabFrameCodec.HeaderBytes - 1);
        AssertRejected(small, FrameError.TooShort);
    }

    [Fact]
    public void Wrong_version_unknown_type_and_unknown_or_own_sender_are_rejected()
    {
        var frame = ZabFrameCodec.Encode(2, new Ack(1));
        AssertRejected(With(frame, 4, 2), FrameError.UnsupportedVersion);
        AssertRejected(With(frame, 5, 99), FrameError.UnknownType);
        AssertRejected(ZabFrameCodec.Encode(9, new Ack(1)), FrameError.UnknownSender);
        AssertRejected(ZabFrameCodec.Encode(1, new Ack(1)), FrameError.UnknownSender);
    }

    [Fact]
    public void A_body_shorter_or_longer_than_its_type_is_rejected()
    {
        var frame = ZabFrameCodec.Encode(2, new Proposal(Zxid.Make(6, 1), new byte[] { 1, 2, 3 }));
        var cut = frame[..^1];
        BinaryPrimitives.WriteInt32LittleEndian(cut, cut.Length - 4);
        AssertRejected(cut, FrameError.Truncated);

        byte[] longer = [.. frame, 0];
        BinaryPrimitives.WriteInt32LittleEndian(longer, longer.Length - 4);
        AssertRejected(longer, FrameError.TrailingBytes);
    }

    [Fact]
    public void Out_of_range_fields_are_rejected()
    {
        AssertRejected(ZabFrameCodec.Encode(2, new Ack(-1)), FrameError.InvalidField);
        AssertRejected(ZabFrameCodec.Encode(2, new FollowerInfo(Zxid.MaxEpoch + 1)), FrameError.InvalidField);
        var notification = ZabFrameCodec.Encode(2, new Notification(new Vote(2, 0, 0), 1, ZabRole.Looking));
        AssertRejected(With(notification, notification.Length - 1, 9), FrameError.InvalidField);
        var ackEpoch = ZabFrameCodec.Encode(2, new AckEpoch(5, 0, false));
        AssertRejected(With(ackEpoch, ackEpoch.Length - 1, 2), FrameError.InvalidField);
        var proposal = ZabFrameCodec.Encode(2, new Proposal(Zxid.Make(6, 1), new byte[] { 1 }));
        BinaryPrimitives.WriteInt32LittleEndian(proposal.AsSpan(22), -5);
        AssertRejected(proposal, FrameError.InvalidField);
    }

    [Fact]
    public void A_leader_epoch_below_the_accepted_epoch_is_stale()
    {
        AssertRejected(ZabFrameCodec.Encode(2, new LeaderInfo(4)), FrameError.StaleEpoch);
        AssertRejected(ZabFrameCodec.Encode(2, new NewLeader(Zxid.Make(4, 0))), FrameError.StaleEpoch);
        Assert.Equal(FrameDecodeStatus.Complete, ZabFrameCodec.Decode(ZabFrameCodec.Encode(2, new LeaderInfo(5)), Peers).Status);
    }

    [Fact]
    public void Random_and_mutated_frames_never_throw_and_anything_accepted_is_canonical()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ZAB_FUZZ_SEED"), out var s) ? s : 20261125;
        var random = new Random(seed);
        var valid = Messages.Select(m => ZabFrameCodec.Encode(2, m)).ToArray();
        var outcomes = new Dictionary<FrameDecodeStatus, int>();
        for (var i = 0; i < 50_000; i++)
        {
            var input = i % 5 == 0 ? RandomBytes(random) : Mutate(valid[random.Next(valid.Length)], random);
            FrameDecodeResult result;
            try
            {
                result = ZabFrameCodec.Decode(input, Peers);
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} (replay with ZAB_FUZZ_SEED={seed}), input {Convert.ToHexString(input)} threw {e}");
                return;
            }

            outcomes[result.Status] = outcomes.GetValueOrDefault(result.Status) + 1;
            if (result.Status == FrameDecodeStatus.Complete)
            {
                Assert.True(
                    input.AsSpan(0, result.BytesConsumed).SequenceEqual(ZabFrameCodec.Encode(result.Sender, result.Message!)),
                    $"seed {seed}: accepted a non-canonical frame {Convert.ToHexString(input)}");
            }
            else if (result.Status == FrameDecodeStatus.Rejected)
            {
                Assert.NotEqual(FrameError.None, result.Error);
                Assert.False(string.IsNullOrEmpty(result.Detail));
            }
        }

        // The mutations reach every outcome, so the loop is not exercising only one path.
        Assert.All(Enum.GetValues<FrameDecodeStatus>(), status => Assert.True(outcomes.GetValueOrDefault(status) > 100, $"{status}: {outcomes.GetValueOrDefault(status)}"));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length >= 4 && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length - 4);
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    var cut = random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[random.Next(Math.Min(bytes.Count, 6))] = (byte)random.Next(256);
                    break;
                default:
                    break;
            }
        }

        var result = bytes.ToArray();
        if (result.Length >= 4 && random.Next(3) == 0)
        {
            // Keep the length consistent so that mutations reach the body validation.
            BinaryPrimitives.WriteInt32LittleEndian(result, result.Length - 4);
        }

        return result;
    }

    private static byte[] With(byte[] frame, int index, byte value)
    {
        var copy = frame.ToArray();
        copy[index] = value;
        return copy;
    }

    private static void AssertRejected(byte[] frame, FrameError expected)
    {
        var result = ZabFrameCodec.Decode(frame, Peers);
        Assert.Equal(FrameDecodeStatus.Rejected, result.Status);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }
}
