using System.Text;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

public sealed class RequestTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;
    private JuteClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ZooKeeperHost.StartAsync();
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Create_answers_the_path_and_create2_the_path_and_stat_with_the_writes_zxid_in_the_header()
    {
        var create = await _client.RequestAsync(OpCode.Create, Requests.Create("/a", "hi"));
        Assert.Equal(ErrorCode.Ok, create.Error);
        Assert.Equal(_host.Server.LastZxid, create.Zxid);
        Assert.Equal("/a", create.Reader().ReadString());

        var create2 = await _client.RequestAsync(OpCode.Create2, Requests.Create("/a/s-", "x", flags: 2));
        var reader = create2.Reader();
        Assert.Equal("/a/s-0000000000", reader.ReadString());
        var stat = Requests.ReadStat(ref reader);
        Assert.Equal(create2.Zxid, stat.Czxid);
        Assert.Equal(1, stat.DataLength);

        var exists = await _client.RequestAsync(OpCode.Create, Requests.Create("/a"));
        Assert.Equal(ErrorCode.NodeExists, exists.Error);
        Assert.Empty(exists.Body);
        Assert.Equal(_host.Server.LastZxid, exists.Zxid);
    }

    [Fact]
    public async Task Container_and_ttl_creates_answer_create2_responses_and_bad_ttl_modes_are_bad_arguments()
    {
        var container = await _client.RequestAsync(OpCode.CreateContainer, Requests.Create("/c", flags: 4));
        Assert.Equal(ErrorCode.Ok, container.Error);
        Assert.Equal(4 + 2 + StatCodec.Size, container.Body.Length);
        Assert.Equal(ErrorCode.Ok, (await _client.RequestAsync(OpCode.CreateTtl, Requests.Create("/t", flags: 5, ttl: 60_000))).Error);
        Assert.Equal(ErrorCode.BadArguments, (await _client.RequestAsync(OpCode.CreateTtl, Requests.Create("/t2", flags: 0, ttl: 60_000))).Error);
        Assert.Equal(ErrorCode.BadArguments, (await _client.RequestAsync(OpCode.CreateTtl, Requests.Create("/t3", flags: 5, ttl: 0))).Error);
        Assert.Equal(ErrorCode.BadArguments, (await _client.RequestAsync(OpCode.Create, Requests.Create("/bad", flags: 9))).Error);
    }

    [Fact]
    public async Task Reads_return_data_children_acls_and_counts()
    {
        await _client.RequestAsync(OpCode.Create, Requests.Create("/r", "data"));
        await _client.RequestAsync(OpCode.Create, Requests.Create("/r/x"));
        await _client.RequestAsync(OpCode.Create, Requests.Create("/r/x/y"));

        var get = await _client.RequestAsync(OpCode.GetData, Requests.PathWatch("/r"));
        var reader = get.Reader();
        Assert.Equal("data", Encoding.UTF8.GetString(reader.ReadBuffer()!));
        Assert.Equal(1, Requests.ReadStat(ref reader).Cversion);

        var children2 = await _client.RequestAsync(OpCode.GetChildren2, Requests.PathWatch("/r"));
        reader = children2.Reader();
        Assert.Equal(["x"], reader.ReadStringVector());
        Assert.Equal(1, Requests.ReadStat(ref reader).NumChildren);

        var count = await _client.RequestAsync(OpCode.GetAllChildrenNumber, Requests.Path("/r"));
        Assert.Equal(2, count.Reader().ReadInt());

        var acl = await _client.RequestAsync(OpCode.GetAcl, Requests.Path("/r"));
        reader = acl.Reader();
        Assert.Equal(1, reader.ReadInt());
        Assert.Equal(31, reader.ReadInt());
        Assert.Equal("world", reader.ReadString());

        var missing = await _client.RequestAsync(OpCode.Exists, Requests.PathWatch("/nope"));
        Assert.Equal(ErrorCode.NoNode, missing.Error);
        Assert.Empty(missing.Body);
        Assert.Equal(ErrorCode.BadArguments, (await _client.RequestAsync(OpCode.GetData, Requests.PathWatch("bad"))).Error);
    }

    [Fact]
    public async Task Set_delete_and_a_standalone_check_follow_versions()
    {
        await _client.RequestAsync(OpCode.Create, Requests.Create("/v"));
        var set = await _client.RequestAsync(OpCode.SetData, Requests.SetData("/v", "1", version: 0));
        var reader = set.Reader();
        Assert.Equal(1, Requests.ReadStat(ref reader).Version);
        Assert.Equal(ErrorCode.BadVersion, (await _client.RequestAsync(OpCode.SetData, Requests.SetData("/v", "2", version: 0))).Error);
        Assert.Equal(ErrorCode.Ok, (await _client.RequestAsync(OpCode.Check, Requests.PathInt("/v", 1))).Error);
        Assert.Equal(ErrorCode.BadVersion, (await _client.RequestAsync(OpCode.Check, Requests.PathInt("/v", 0))).Error);
        Assert.Equal(ErrorCode.NoNode, (await _client.RequestAsync(OpCode.Check, Requests.PathInt("/none", -1))).Error);
        var zxidBefore = _host.Server.LastZxid;
        Assert.Equal(ErrorCode.Ok, (await _client.RequestAsync(OpCode.Check, Requests.PathInt("/v", -1))).Error);
        Assert.Equal(zxidBefore, _host.Server.LastZxid);
        Assert.Equal(ErrorCode.BadVersion, (await _client.RequestAsync(OpCode.Delete, Requests.PathInt("/v", 5))).Error);
        Assert.Equal(ErrorCode.Ok, (await _client.RequestAsync(OpCode.Delete, Requests.PathInt("/v", 1))).Error);
        Assert.Equal(ErrorCode.BadArguments, (await _client.RequestAsync(OpCode.Delete, Requests.PathInt("/zookeeper", -1))).Error);
    }

    [Fact]
    public async Task Multi_is_atomic_with_per_op_results_and_multiRead_answers_each_op()
    {
        var ok = await _client.RequestAsync(OpCode.Multi, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.Create, (ErrorCode)(-1));
            Requests.Create("/m")(w);
            MultiCodec.WriteHeader(w, OpCode.SetData, (ErrorCode)(-1));
            Requests.SetData("/m", "v")(w);
            MultiCodec.WriteEnd(w);
        });
        var reader = ok.Reader();
        Assert.Equal((int)OpCode.Create, reader.ReadInt());
        Assert.False(reader.ReadBool());
        Assert.Equal(0, reader.ReadInt());
        Assert.Equal("/m", reader.ReadString());
        Assert.Equal((int)OpCode.SetData, reader.ReadInt());

        var failed = await _client.RequestAsync(OpCode.Multi, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.Create, (ErrorCode)(-1));
            Requests.Create("/m2")(w);
            MultiCodec.WriteHeader(w, OpCode.Delete, (ErrorCode)(-1));
            Requests.PathInt("/missing", -1)(w);
            MultiCodec.WriteHeader(w, OpCode.Check, (ErrorCode)(-1));
            Requests.PathInt("/m", -1)(w);
            MultiCodec.WriteEnd(w);
        });
        Assert.Equal(ErrorCode.Ok, failed.Error);
        reader = failed.Reader();
        var codes = new List<(int, int, int)>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((reader.ReadInt(), reader.ReadBool() ? 1 : 0, reader.ReadInt()));
            reader.ReadInt();
        }

        Assert.Equal([(-1, 0, 0), (-1, 0, -101), (-1, 0, -2)], codes);
        Assert.Equal(ErrorCode.NoNode, (await _client.RequestAsync(OpCode.Exists, Requests.PathWatch("/m2"))).Error);

        var read = await _client.RequestAsync(OpCode.MultiRead, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.GetData, (ErrorCode)(-1));
            Requests.PathWatch("/m")(w);
            MultiCodec.WriteHeader(w, OpCode.GetChildren, (ErrorCode)(-1));
            Requests.PathWatch("/missing")(w);
            MultiCodec.WriteEnd(w);
        });
        reader = read.Reader();
        Assert.Equal((int)OpCode.GetData, reader.ReadInt());
        reader.ReadBool();
        reader.ReadInt();
        Assert.Equal("v", Encoding.UTF8.GetString(reader.ReadBuffer()!));
        Requests.ReadStat(ref reader);
        Assert.Equal(-1, reader.ReadInt());
        reader.ReadBool();
        Assert.Equal(-101, reader.ReadInt());
    }

    [Fact]
    public async Task Digest_auth_adds_an_identity_that_acls_and_whoAmI_see()
    {
        var auth = await _client.RequestAsync(OpCode.Auth, w =>
        {
            w.WriteInt(0);
            w.WriteString("digest");
            w.WriteBuffer("bob:secret"u8);
        }, xid: Xids.Auth);
        Assert.Equal(ErrorCode.Ok, auth.Error);
        Assert.Equal(0, auth.Zxid);

        var who = await _client.RequestAsync(OpCode.WhoAmI);
        var reader = who.Reader();
        Assert.Equal(2, reader.ReadInt());
        Assert.Equal(("ip", "127.0.0.1"), (reader.ReadString(), reader.ReadString()));
        Assert.Equal(("digest", "bob"), (reader.ReadString(), reader.ReadString()));

        var create = await _client.RequestAsync(OpCode.Create, w =>
        {
            w.WriteString("/bob");
            w.WriteBuffer([]);
            w.WriteInt(1);
            w.WriteInt(31);
            w.WriteString("auth");
            w.WriteString("");
            w.WriteInt(0);
        });
        Assert.Equal(ErrorCode.Ok, create.Error);
        await using var stranger = await _host.ConnectAsync();
        Assert.Equal(ErrorCode.NoAuth, (await stranger.RequestAsync(OpCode.GetData, Requests.PathWatch("/bob"))).Error);
        Assert.Equal(ErrorCode.NoAuth, (await stranger.RequestAsync(OpCode.Exists, Requests.PathWatch("/bob", watch: true))).Error);
        Assert.Equal(0, _host.Server.Tree.Watches.Count().Watches);
        Assert.Equal(ErrorCode.Ok, (await _client.RequestAsync(OpCode.GetData, Requests.PathWatch("/bob"))).Error);
    }

    [Fact]
    public async Task Unknown_auth_schemes_fail_and_close_the_connection()
    {
        var auth = await _client.RequestAsync(OpCode.Auth, w =>
        {
            w.WriteInt(0);
            w.WriteString("kerberos");
            w.WriteBuffer("x"u8);
        }, xid: Xids.Auth);
        Assert.Equal(ErrorCode.AuthFailed, auth.Error);
        Assert.True(await _client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Ephemerals_sync_ping_reconfig_and_closeSession()
    {
        await _client.RequestAsync(OpCode.Create, Requests.Create("/e1", flags: 1));
        await _client.RequestAsync(OpCode.Create, Requests.Create("/f1", flags: 1));
        var ephemerals = await _client.RequestAsync(OpCode.GetEphemerals, Requests.Path("/e"));
        Assert.Equal(["/e1"], ephemerals.Reader().ReadStringVector());
        var all = await _client.RequestAsync(OpCode.GetEphemerals, w => w.WriteString(null));
        Assert.Equal(["/e1", "/f1"], all.Reader().ReadStringVector());

        var sync = await _client.RequestAsync(OpCode.Sync, Requests.Path("/e1"));
        Assert.Equal("/e1", sync.Reader().ReadString());
        var ping = await _client.RequestAsync(OpCode.Ping, xid: Xids.Ping);
        Assert.Equal((ErrorCode.Ok, _host.Server.LastZxid), (ping.Error, ping.Zxid));
        Assert.Equal(ErrorCode.ReconfigDisabled, (await _client.RequestAsync(OpCode.Reconfig, w =>
        {
            w.WriteString(null);
            w.WriteString(null);
            w.WriteString(null);
            w.WriteLong(-1);
        })).Error);

        var close = await _client.RequestAsync(OpCode.CloseSession);
        Assert.Equal(ErrorCode.Ok, close.Error);
        Assert.Equal(_host.Server.LastZxid, close.Zxid);
        Assert.True(await _client.IsClosedByServerAsync());
        Assert.False(_host.Server.Tree.Exists("/e1"));
        Assert.False(_host.Server.Sessions.IsAlive(_client.SessionId));
    }
}
