using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Registry.Integration.Tests;

/// <summary>Real server processes killed with SIGKILL under write load: every acknowledged write must survive.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("registry-crash-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Acknowledged_writes_survive_repeated_kill_9()
    {
        var acknowledged = new ConcurrentDictionary<string, string>();
        for (var round = 0; round < 3; round++)
        {
            await using var server = await ServerProcess.StartAsync(_dataDir, "--Registry:SnapshotEvery=500");
            await AssertPresentAsync(server, acknowledged);
            if (round == 0)
            {
                (await server.Client.PostAsync("/v1/znodes/crash", null)).EnsureSuccessStatusCode();
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var target = acknowledged.Count + 1500;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 16).Select(w => WriteUntilKilledAsync(server.Client, $"r{round}w{w}", acknowledged, target, reached, stop.Token)).ToList();
            await Task.WhenAny(Task.WhenAll(writers), reached.Task);

            // Kill while writes are still in flight, then let the writers observe the dead connection.
            await server.KillAsync();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count >= target, $"only {acknowledged.Count} writes were acknowledged before the deadline");
        }

        await using var final = await ServerProcess.StartAsync(_dataDir);
        await AssertPresentAsync(final, acknowledged);
    }

    [Fact]
    public async Task Sessions_and_their_ephemerals_survive_kill_9()
    {
        string session;
        await using (var server = await ServerProcess.StartAsync(_dataDir))
        {
            using var created = await server.Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs = 40_000 });
            session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/znodes/instance?mode=ephemeral") { Content = new ByteArrayContent("up"u8.ToArray()) };
            request.Headers.Add("X-Registry-Session", session);
            (await server.Client.SendAsync(request)).EnsureSuccessStatusCode();
            await server.KillAsync();
        }

        await using var restarted = await ServerProcess.StartAsync(_dataDir);
        using var info = await restarted.Client.GetAsync($"/v1/sessions/{session}");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        using var node = await restarted.Client.GetAsync("/v1/znodes/instance");
        Assert.Equal(HttpStatusCode.OK, node.StatusCode);
        var owner = JsonDocument.Parse(await node.Content.ReadAsStringAsync()).RootElement.GetProperty("stat").GetProperty("ephemeralOwner").GetString();
        Assert.Equal(session, owner);
        (await restarted.Client.DeleteAsync($"/v1/sessions/{session}")).EnsureSuccessStatusCode();
        using var gone = await restarted.Client.GetAsync("/v1/znodes/instance");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>Writes until the server dies or the deadline passes; signals <paramref name="reached"/> at <paramref name="target"/> acknowledgements.</summary>
    private static async Task WriteUntilKilledAsync(
        HttpClient client, string writer, ConcurrentDictionary<string, string> acknowledged, int target, TaskCompletionSource reached, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var path = $"/crash/{writer}-{i}";
            var value = $"{writer}:{i}";
            try
            {
                using var response = await client.PostAsync("/v1/znodes" + path, new ByteArrayContent(Encoding.UTF8.GetBytes(value)), stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[path] = value;
                    if (acknowledged.Count >= target)
                    {
                        reached.TrySetResult();
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return; // The server died (or the test's deadline passed): this writer is done.
            }
        }
    }

    private static async Task AssertPresentAsync(ServerProcess server, ConcurrentDictionary<string, string> acknowledged)
    {
        if (acknowledged.IsEmpty)
        {
            return;
        }

        using var children = await server.Client.GetAsync("/v1/znodes/crash?children");
        var present = JsonDocument.Parse(await children.Content.ReadAsStringAsync()).RootElement.GetProperty("children")
            .EnumerateArray().Select(c => "/crash/" + c.GetString()).ToHashSet();
        var missing = acknowledged.Keys.Where(k => !present.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged writes lost, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var path in acknowledged.Keys.Take(50))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/znodes" + path);
            request.Headers.Accept.ParseAdd("application/octet-stream");
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(acknowledged[path], await response.Content.ReadAsStringAsync());
        }
    }
}
