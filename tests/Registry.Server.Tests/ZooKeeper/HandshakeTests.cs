using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

public sealed class HandshakeTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;

    public async Task InitializeAsync() => _host = await ZooKeeperHost.StartAsync(("Registry:TickTimeMs", "2000"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_new_session_gets_an_id_a_16_byte_password_and_a_timeout_clamped_to_2_to_20_ticks()
    {
        await using var low = await _host.ConnectAsync(timeoutMs: 100);
        await using var high = await _host.ConnectAsync(timeoutMs: 1_000_000);
        Assert.Equal(4000, low.TimeoutMs);
        Assert.Equal(40_000, high.TimeoutMs);
        Assert.NotEqual(0, low.SessionId);
        Assert.NotEqual(low.SessionId, high.SessionId);
        Assert.Equal(16, low.Password.Length);
        Assert.True(_host.Server.Sessions.IsAlive(low.SessionId));
    }

    [Fact]
    public async Task The_response_mirrors_whether_the_request_carried_the_readOnly_byte()
    {
        await using var withFlag = await JuteClient.OpenAsync(_host.Port);
        Assert.Equal(37, (await withFlag.HandshakeAsync(10_000, 0, new byte[16], 0, readOnlyFlag: true))!.Length);
        await using var withoutFlag = await JuteClient.OpenAsync(_host.Port);
        Assert.Equal(36, (await withoutFlag.HandshakeAsync(10_000, 0, new byte[16], 0, readOnlyFlag: false))!.Length);
    }

    [Fact]
    public async Task Reconnecting_with_id_and_password_keeps_the_session_and_its_ephemerals_and_closes_the_old_connection()
    {
        var first = await _host.ConnectAsync();
        Assert.Equal(ErrorCode.Ok, (await first.RequestAsync(OpCode.Create, Requests.Create("/eph", flags: 1))).Error);
        await using var second = await JuteClient.ConnectAsync(_host.Port, sessionId: first.SessionId, password: first.Password, lastZxid: _host.Server.LastZxid);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(first.Password, second.Password);
        Assert.True(await first.IsClosedByServerAsync());
        await first.DisposeAsync();
        var stat = await second.RequestAsync(OpCode.Exists, Requests.PathWatch("/eph"));
        Assert.Equal(ErrorCode.Ok, stat.Error);
        var reader = stat.Reader();
        Assert.Equal(first.SessionId, Requests.ReadStat(ref reader).EphemeralOwner);
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_session_is_answered_as_expired_then_closed()
    {
        await using var owner = await _host.ConnectAsync();
        var wrong = (byte[])owner.Password.Clone();
        wrong[0] ^= 0xff;
        foreach (var (session, password) in new[] { (owner.SessionId, wrong), (owner.SessionId + 1000, new byte[16]) })
        {
            await using var client = await JuteClient.OpenAsync(_host.Port);
            var response = await client.HandshakeAsync(10_000, session, password, 0, readOnlyFlag: true);
            byte[] expired = [0, 0, 0, 0, /* timeout */ 0, 0, 0, 0, /* session */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, .. new byte[16], /* readOnly */ 0];
            Assert.Equal(expired, response);
            Assert.True(await client.IsClosedByServerAsync());
        }
    }

    [Fact]
    public async Task A_client_that_has_seen_a_newer_zxid_than_the_server_is_refused_without_an_answer()
    {
        await using var client = await JuteClient.OpenAsync(_host.Port);
        Assert.Null(await client.HandshakeAsync(10_000, 0, new byte[16], _host.Server.LastZxid + 100, readOnlyFlag: true));
    }

    [Fact]
    public async Task Passwords_are_a_function_of_the_session_id_and_the_secret()
    {
        var options = new Options.ServerOptions { SessionSecret = "ensemble-secret" };
        var a = new Sessions.SessionPasswords(options);
        var b = new Sessions.SessionPasswords(new Options.ServerOptions { SessionSecret = "ensemble-secret", DataDir = "/nonexistent" });
        var other = new Sessions.SessionPasswords(new Options.ServerOptions { SessionSecret = "another" });
        Assert.Equal(a.For(42), b.For(42));
        Assert.NotEqual(a.For(42), a.For(43));
        Assert.NotEqual(a.For(42), other.For(42));
        Assert.True(b.IsValid(42, a.For(42)));
        await using var client = await _host.ConnectAsync();
        Assert.True(_host.Server.Sessions.IsAlive(client.SessionId));
    }

    [Fact]
    public async Task Frames_pipelined_behind_the_connect_request_are_answered_after_it()
    {
        await using var client = await JuteClient.OpenAsync(_host.Port);
        var w = new JuteWriter();
        w.BeginFrame();
        w.WriteInt(0);
        w.WriteLong(0);
        w.WriteInt(10_000);
        w.WriteLong(0);
        w.WriteBuffer(new byte[16]);
        w.EndFrame();
        w.BeginFrame();
        w.WriteInt(Xids.Ping);
        w.WriteInt((int)OpCode.Ping);
        w.EndFrame();
        await client.SendRawAsync(w.ToArray());
        var frame = await client.ReadFrameAsync();
        Assert.NotNull(frame);
        var ping = await client.ReadReplyAsync(Xids.Ping);
        Assert.Equal(ErrorCode.Ok, ping.Error);
    }
}
