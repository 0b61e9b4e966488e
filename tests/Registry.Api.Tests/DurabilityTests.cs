using System.Net;
using System.Text;

namespace Registry.Api.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Writes_and_sessions_survive_a_restart_and_snapshots()
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-durable-").FullName;
        var registry = await TestRegistry.StartAsync(dataDir, null, "--Registry:SnapshotEvery=20");
        var session = await registry.OpenSessionAsync();
        (await registry.CreateAsync("/d")).Dispose();
        for (var i = 0; i < 50; i++)
        {
            (await registry.CreateAsync($"/d/n{i}", $"value-{i}")).Dispose();
        }

        (await registry.CreateAsync("/d/eph", "", "mode=ephemeral", session)).Dispose();
        var lastZxid = registry.Server.LastZxid;
        await registry.DisposeAsync();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDir, "snapshot"), "snapshot.*"));

        var restarted = await TestRegistry.StartAsync(dataDir);
        try
        {
            Assert.Equal(lastZxid, restarted.Server.LastZxid);
            using var read = await restarted.Client.GetAsync("/v1/znodes/d/n49");
            var data = (await TestRegistry.ReadJsonAsync(read)).GetProperty("data").GetBytesFromBase64();
            Assert.Equal("value-49", Encoding.UTF8.GetString(data));
            Assert.True(restarted.Server.Tree.Exists("/d/eph"));
            using var info = await restarted.Client.GetAsync($"/v1/sessions/{session}");
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            using var created = await restarted.CreateAsync("/d/after");
            Assert.Equal(lastZxid + 1, TestRegistry.IndexOf(created));
        }
        finally
        {
            await restarted.DestroyAsync();
        }
    }
}
