using System.Buffers.Binary;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

/// <summary>Bad input and overload: each is contained to its own connection, and the server keeps serving.</summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;

    public async Task InitializeAsync() => _host = await ZooKeeperHost.StartAsync(
        ("Registry:ZooKeeperMaxFrameBytes", "65536"), ("Registry:MaxDataBytes", "60000"), ("Registry:ZooKeeperMaxOutstandingRequests", "8"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_oversized_frame_closes_only_that_connection()
    {
        await using var bystander = await _host.ConnectAsync();
        await using var client = await _host.ConnectAsync();
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, 65537);
        await client.SendRawAsync([.. header, .. new byte[1024]]);
        Assert.True(await client.IsClosedByServerAsync());
        await AssertServesAsync(bystander);
    }

    [Fact]
    public async Task A_negative_frame_length_closes_the_connection()
    {
        await using var client = await _host.ConnectAsync();
        await client.SendRawAsync([0xff, 0xff, 0xff, 0xf0, 1, 2, 3]);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task An_unknown_opcode_is_answered_unimplemented_and_the_connection_closed()
    {
        await using var client = await _host.ConnectAsync();
        var reply = await client.RequestAsync((OpCode)77);
        Assert.Equal(ErrorCode.Unimplemented, reply.Error);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_malformed_body_is_a_marshalling_error_and_the_connection_goes_on()
    {
        await using var client = await _host.ConnectAsync();
        var truncated = await client.RequestAsync(OpCode.Create, w => w.WriteString("/only-a-path"));
        Assert.Equal(ErrorCode.MarshallingError, truncated.Error);
        var lying = await client.RequestAsync(OpCode.GetData, w => w.WriteInt(1_000_000));
        Assert.Equal(ErrorCode.MarshallingError, lying.Error);
        var readInMulti = await client.RequestAsync(OpCode.Multi, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.GetData, (ErrorCode)(-1));
            Requests.PathWatch("/")(w);
            MultiCodec.WriteEnd(w);
        });
        Assert.Equal(ErrorCode.MarshallingError, readInMulti.Error);
        await AssertServesAsync(client);
    }

    [Fact]
    public async Task A_request_instead_of_a_connect_request_closes_the_connection()
    {
        await using var client = await JuteClient.OpenAsync(_host.Port);
        await client.SendAsync(OpCode.GetData, Requests.PathWatch("/"));
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_flood_of_pipelined_requests_is_answered_in_order_within_the_outstanding_limit()
    {
        await using var client = await _host.ConnectAsync();
        const int count = 2000;
        var send = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await client.SendAsync(i % 2 == 0 ? OpCode.Create : OpCode.GetData, i % 2 == 0 ? Requests.Create($"/flood{i}") : Requests.PathWatch($"/flood{i - 1}"), xid: i + 1);
            }
        });
        for (var i = 0; i < count; i++)
        {
            var reply = await client.ReadReplyAsync(i + 1);
            Assert.Equal(ErrorCode.Ok, reply.Error);
        }

        await send;
        Assert.Equal(count / 2, _host.Server.Tree.CountDescendants("/") - 3);
    }

    [Fact]
    public async Task Random_and_mutated_frames_never_take_the_server_down()
    {
        var random = new Random(20_240_601);
        var valid = ValidFrames();
        for (var round = 0; round < 150; round++)
        {
            await using var client = await JuteClient.OpenAsync(_host.Port);
            if (round % 3 != 0)
            {
                await client.HandshakeAsync(10_000, 0, new byte[16], 0, readOnlyFlag: true);
            }

            for (var i = 0; i < 5; i++)
            {
                var frame = round % 2 == 0 ? RandomFrame(random) : Mutate(valid[random.Next(valid.Count)], random);
                try
                {
                    await client.SendRawAsync(frame);
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        await using var fresh = await _host.ConnectAsync();
        await AssertServesAsync(fresh);
    }

    private static async Task AssertServesAsync(JuteClient client)
    {
        var path = $"/alive-{Guid.NewGuid():N}";
        Assert.Equal(ErrorCode.Ok, (await client.RequestAsync(OpCode.Create, Requests.Create(path))).Error);
        Assert.Equal(ErrorCode.Ok, (await client.RequestAsync(OpCode.Exists, Requests.PathWatch(path))).Error);
    }

    private static byte[] RandomFrame(Random random)
    {
        var body = new byte[random.Next(0, 200)];
        random.NextBytes(body);
        var frame = new byte[body.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>A valid request with a few bytes of its body flipped (the length prefix kept, so the damage lands in the record).</summary>
    private static byte[] Mutate(byte[] frame, Random random)
    {
        var copy = (byte[])frame.Clone();
        for (var i = 0; i < 1 + random.Next(4); i++)
        {
            copy[4 + random.Next(copy.Length - 4)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static List<byte[]> ValidFrames()
    {
        var frames = new List<byte[]>();
        void Add(OpCode type, Action<JuteWriter> body)
        {
            var w = new JuteWriter();
            w.BeginFrame();
            w.WriteInt(1);
            w.WriteInt((int)type);
            body(w);
            w.EndFrame();
            frames.Add(w.ToArray());
        }

        Add(OpCode.Create, Requests.Create("/fuzz", "data", flags: 3));
        Add(OpCode.SetData, Requests.SetData("/fuzz", "x"));
        Add(OpCode.GetChildren2, Requests.PathWatch("/", watch: true));
        Add(OpCode.SetWatches2, w =>
        {
            w.WriteLong(0);
            for (var i = 0; i < 5; i++)
            {
                w.WriteStringVector(["/fuzz"]);
            }
        });
        Add(OpCode.Multi, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.Create, (ErrorCode)(-1));
            Requests.Create("/fuzz-m")(w);
            MultiCodec.WriteHeader(w, OpCode.Delete, (ErrorCode)(-1));
            Requests.PathInt("/fuzz-m", -1)(w);
            MultiCodec.WriteEnd(w);
        });
        Add(OpCode.Auth, w =>
        {
            w.WriteInt(0);
            w.WriteString("digest");
            w.WriteBuffer("a:b"u8);
        });
        return frames;
    }
}
