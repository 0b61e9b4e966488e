using System.Text.Json;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>node-zookeeper-client from npm (installed by scripts/setup.d/20-zookeeper.sh); it omits the readOnly byte.</summary>
public sealed class NodeClientTests(RegistryZooKeeperFixture fixture) : IClassFixture<RegistryZooKeeperFixture>
{
    [Fact]
    public async Task Node_client_creates_watches_updates_and_removes()
    {
        var (exit, output, error) = await ChildProcess.RunAsync("node", [ChildProcess.Script("node/client.js"), fixture.Server.Hosts], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, error);
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Equal("/node-compat", root.GetProperty("create").GetString());
        Assert.Equal("NODE_EXISTS", root.GetProperty("createExisting").GetString());
        Assert.Equal("/node-compat/s-0000000000", root.GetProperty("sequential").GetString());
        Assert.Equal("n1", root.GetProperty("get").GetProperty("data").GetString());
        Assert.Equal(1, root.GetProperty("setVersion").GetInt32());
        Assert.Equal(["NODE_DATA_CHANGED", "NODE_CHILDREN_CHANGED"], root.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("BAD_VERSION", root.GetProperty("badVersion").GetString());
        Assert.True(root.GetProperty("existsMissing").GetBoolean());
        Assert.Equal("ok", root.GetProperty("removed").GetString());
    }
}
