using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// A REST session that owns one ephemeral znode. While kept alive, it touches the session through whichever server
/// answers (the one it was opened on first), as a client failing over would; once abandoned it is never touched
/// again and must expire everywhere.
/// </summary>
public sealed class SessionProbe : IAsyncDisposable
{
    private readonly EnsembleCluster _cluster;
    private readonly int _home;
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;

    private SessionProbe(EnsembleCluster cluster, int home, string id, string ephemeral, int timeoutMs)
    {
        _cluster = cluster;
        _home = home;
        Id = id;
        Ephemeral = ephemeral;
        TimeoutMs = timeoutMs;
    }

    public string Id { get; }

    public string Ephemeral { get; }

    public int TimeoutMs { get; }

    /// <summary>Opens a session on server <paramref name="home"/> and creates <paramref name="ephemeral"/> under it there.</summary>
    public static async Task<SessionProbe> OpenAsync(EnsembleCluster cluster, int home, string ephemeral, int timeoutMs)
    {
        var server = cluster[home].BaseAddress;
        using var created = await EnsembleCluster.SendRetryingAsync(cluster.Http, () => new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/v1/sessions")) { Content = JsonContent.Create(new { timeoutMs }) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var node = await EnsembleCluster.SendRetryingAsync(cluster.Http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, $"/v1/znodes{ephemeral}?mode=ephemeral")) { Content = new ByteArrayContent("up"u8.ToArray()) };
            request.Headers.Add("X-Registry-Session", id);
            return request;
        });
        Assert.Equal(HttpStatusCode.Created, node.StatusCode);
        return new SessionProbe(cluster, home, id, ephemeral, timeoutMs);
    }

    /// <summary>Touches the session every quarter of its timeout until <see cref="AbandonAsync"/>.</summary>
    public void KeepAlive() => _keepAlive = KeepAliveLoopAsync();

    /// <summary>Stops touching the session: from now on only expiry can end it.</summary>
    public async Task AbandonAsync()
    {
        await _stop.CancelAsync();
        await _keepAlive;
    }

    /// <summary>Asserts on every running server that the session lives and still owns its ephemeral.</summary>
    public async Task AssertAliveEverywhereAsync()
    {
        foreach (var member in _cluster.Members.Where(m => m.IsRunning))
        {
            using var session = await _cluster.Http.GetAsync(new Uri(member.BaseAddress, $"/v1/sessions/{Id}"));
            Assert.True(session.StatusCode == HttpStatusCode.OK, $"session {Id} is {session.StatusCode} on server {member.Id}\n{_cluster.Diagnostics()}");
            using var node = await _cluster.Http.GetAsync(new Uri(member.BaseAddress, "/v1/znodes" + Ephemeral));
            Assert.True(node.StatusCode == HttpStatusCode.OK, $"{Ephemeral} is {node.StatusCode} on server {member.Id}\n{_cluster.Diagnostics()}");
            var owner = JsonDocument.Parse(await node.Content.ReadAsStringAsync()).RootElement.GetProperty("stat").GetProperty("ephemeralOwner").GetString();
            Assert.Equal(Id, owner);
        }
    }

    /// <summary>Waits (polling, with a deadline of several session timeouts) until the ephemeral and the session are gone on every running server.</summary>
    public async Task WaitUntilExpiredEverywhereAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var remaining = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            remaining.Clear();
            foreach (var member in _cluster.Members.Where(m => m.IsRunning))
            {
                using var node = await _cluster.Http.GetAsync(new Uri(member.BaseAddress, "/v1/znodes" + Ephemeral));
                using var session = await _cluster.Http.GetAsync(new Uri(member.BaseAddress, $"/v1/sessions/{Id}"));
                if (node.StatusCode != HttpStatusCode.NotFound || session.StatusCode != HttpStatusCode.NotFound)
                {
                    remaining.Add($"server {member.Id}: node {node.StatusCode}, session {session.StatusCode}");
                }
            }

            if (remaining.Count == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"session {Id} did not expire everywhere within {timeout}: {string.Join("; ", remaining)}\n{_cluster.Diagnostics()}");
    }

    public async ValueTask DisposeAsync()
    {
        await AbandonAsync();
        _stop.Dispose();
    }

    private async Task KeepAliveLoopAsync()
    {
        var members = _cluster.Members;
        var preferred = members.ToList().FindIndex(m => m.Id == _home);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(TimeoutMs / 4.0));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                for (var tried = 0; tried < members.Count && !await TryTouchAsync(members[preferred]); tried++)
                {
                    preferred = (preferred + 1) % members.Count; // stick with the next server that answers
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> TryTouchAsync(ClusterMember member)
    {
        if (member.Process is not { } process)
        {
            return false;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(TimeoutMs / 4.0));
            using var response = await _cluster.Http.PutAsync(new Uri($"http://127.0.0.1:{process.Port}/v1/sessions/{Id}/keepalive"), null, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}
