using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

public sealed class SessionExpiryTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;

    public async Task InitializeAsync() => _host = await ZooKeeperHost.StartAsync(("Registry:TickTimeMs", "200"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_silent_client_is_expired_its_connection_closed_and_its_ephemerals_deleted()
    {
        await using var observer = await _host.ConnectAsync(timeoutMs: 4000);
        await observer.RequestAsync(OpCode.AddWatch, Requests.PathInt("/mine", 0));
        await using var silent = await _host.ConnectAsync(timeoutMs: 600);
        Assert.Equal(600, silent.TimeoutMs);
        Assert.Equal(ErrorCode.Ok, (await silent.RequestAsync(OpCode.Create, Requests.Create("/mine", flags: 1))).Error);

        Assert.True(await silent.IsClosedByServerAsync());
        Assert.False(_host.Server.Sessions.IsAlive(silent.SessionId));
        var ping = await observer.RequestAsync(OpCode.Ping, xid: Xids.Ping);
        Assert.Equal(ErrorCode.Ok, ping.Error);
        Assert.Equal(
            [new WatchedEventFields(1, 3, "/mine"), new WatchedEventFields(2, 3, "/mine")],
            observer.Notifications.Select(Requests.ReadEvent).ToList());

        await using var late = await JuteClient.OpenAsync(_host.Port);
        var response = await late.HandshakeAsync(4000, silent.SessionId, silent.Password, 0, readOnlyFlag: false);
        Assert.Equal(36, response!.Length);
        Assert.Equal(0, late.TimeoutMs);
        Assert.Equal(0, late.SessionId);
    }
}
