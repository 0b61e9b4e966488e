using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// N real `registry start` processes on loopback forming one ensemble, with every peer connection going through a
/// <see cref="TcpFaultProxy"/> per directed link and peer port: server i reaches server j at the proxies (i->j), which
/// is what its own --peers list says. Servers are killed with SIGKILL by PID and restarted on the same data directory.
/// Synchronisation is by polling /v1/status with a deadline: the ensemble offers no event a test could await.
/// </summary>
public sealed class EnsembleCluster : IAsyncDisposable
{
    public const int TickTimeMs = 200;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan EventuallyTimeout = TimeSpan.FromSeconds(30);
    private readonly Dictionary<(int From, int To), (TcpFaultProxy Quorum, TcpFaultProxy Election)> _links = [];
    private readonly string _root;
    private readonly string[] _extraArgs;

    // Every server must derive the same session passwords, or a ZooKeeper client could not resume its session elsewhere.
    private readonly string _sessionSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private EnsembleCluster(string root, IReadOnlyList<ClusterMember> members, string[] extraArgs)
    {
        _root = root;
        Members = members;
        _extraArgs = extraArgs;
        foreach (var from in members)
        {
            foreach (var to in members.Where(m => m != from))
            {
                _links[(from.Id, to.Id)] = (
                    TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, to.QuorumPort)),
                    TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, to.ElectionPort)));
            }
        }
    }

    public IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>One client for every test request; requests name their server with an absolute URI.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(15) };

    public ClusterMember this[int id] => Members.Single(m => m.Id == id);

    public IEnumerable<int> Ids => Members.Select(m => m.Id);

    /// <summary>A ZooKeeper connect string of the given servers' client ports, in that order.</summary>
    public string ZooKeeperHosts(IEnumerable<int> ids) => string.Join(',', ids.Select(id => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{this[id].ZooKeeperPort}")));

    /// <summary>Starts <paramref name="size"/> servers (ids 1..size) with a short tick; <paramref name="extraArgs"/> go to every server.</summary>
    public static Task<EnsembleCluster> StartAsync(int size = 3, params string[] extraArgs) => StartAsync(size, null, extraArgs);

    /// <summary>Like <see cref="StartAsync(int, string[])"/>, but starts only the servers in <paramref name="only"/>; <see cref="RestartAsync"/> starts the others.</summary>
    public static async Task<EnsembleCluster> StartAsync(int size, IEnumerable<int>? only, params string[] extraArgs)
    {
        var root = Directory.CreateTempSubdirectory("registry-ensemble-").FullName;
        var members = Enumerable.Range(1, size)
            .Select(id => new ClusterMember(id, StablePorts.Next(), StablePorts.Next(), StablePorts.Next(), Path.Combine(root, $"server{id}")))
            .ToList();
        var cluster = new EnsembleCluster(root, members, extraArgs);
        try
        {
            var starting = only?.ToHashSet();
            await Task.WhenAll(members.Where(m => starting?.Contains(m.Id) ?? true).Select(cluster.StartAsync));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Server <paramref name="id"/>'s own peer list: its own entry is real, every other entry is a proxy of link id->j.</summary>
    public string PeersFor(int id) => string.Join(',', Members.Select(m =>
    {
        if (m.Id == id)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{m.Id}=127.0.0.1:{m.QuorumPort}:{m.ElectionPort}");
        }

        var (quorum, election) = _links[(id, m.Id)];
        return string.Create(CultureInfo.InvariantCulture, $"{m.Id}=127.0.0.1:{quorum.Port}:{election.Port}");
    }));

    /// <summary>kill -9 by PID; the data directory stays.</summary>
    public async Task KillAsync(int id)
    {
        var member = this[id];
        var process = member.Running;
        await process.KillAsync();
        member.PastOutput.Add(process.Output);
        member.Process = null;
        await process.DisposeAsync();
    }

    /// <summary>Starts a stopped (or not yet started) server on its data directory (the HTTP port may differ).</summary>
    public Task RestartAsync(int id) => StartAsync(this[id]);

    /// <summary>Cuts every link to and from <paramref name="id"/>, both peer ports.</summary>
    public void Isolate(int id, LinkState how = LinkState.Blackhole)
    {
        foreach (var proxy in LinksOf(id))
        {
            proxy.Partition(how);
        }
    }

    /// <summary>Delays every chunk on every peer link by <paramref name="delay"/> (zero restores full speed).</summary>
    public void SlowAllLinks(TimeSpan delay)
    {
        foreach (var (quorum, election) in _links.Values)
        {
            quorum.Delay = delay;
            election.Delay = delay;
        }
    }

    public void Heal(int id)
    {
        foreach (var proxy in LinksOf(id))
        {
            proxy.Heal();
        }
    }

    public async Task<MemberStatus?> TryStatusAsync(ClusterMember member)
    {
        if (!member.IsRunning)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return MemberStatus.Parse(await Http.GetStringAsync(new Uri(member.BaseAddress, "/v1/status"), timeout.Token));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until the given servers (default: every running one) all serve under one leader that is among them and
    /// itself says it leads; returns its id.
    /// </summary>
    public async Task<int> WaitForLeaderAsync(IEnumerable<int>? among = null, TimeSpan? timeout = null)
    {
        var ids = (among ?? Members.Where(m => m.IsRunning).Select(m => m.Id)).ToList();
        int? leader = null;
        await WaitUntilAsync($"servers {string.Join(',', ids)} to agree on a leader", timeout ?? TimeSpan.FromSeconds(45), ids, statuses =>
        {
            leader = AgreedLeader(statuses, ids);
            return leader is not null;
        });
        return leader!.Value;
    }

    /// <summary>Waits until every running server serves under the same leader and all report the same last zxid.</summary>
    public async Task<long> WaitForConvergenceAsync(TimeSpan? timeout = null)
    {
        var ids = Members.Where(m => m.IsRunning).Select(m => m.Id).ToList();
        long zxid = 0;
        await WaitUntilAsync("the running servers to converge on one leader and one last zxid", timeout ?? TimeSpan.FromSeconds(60), ids, statuses =>
        {
            if (AgreedLeader(statuses, ids) is null || statuses.Select(s => s!.LastZxid).Distinct().Count() != 1)
            {
                return false;
            }

            zxid = statuses[0]!.LastZxid;
            return true;
        });
        return zxid;
    }

    /// <summary>Polls the statuses of <paramref name="ids"/> until <paramref name="done"/> holds, failing with every server's status and log tail.</summary>
    public async Task WaitUntilAsync(string what, TimeSpan timeout, IReadOnlyList<int> ids, Func<IReadOnlyList<MemberStatus?>, bool> done)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<MemberStatus?> statuses = [];
        while (watch.Elapsed < timeout)
        {
            statuses = await Task.WhenAll(ids.Select(id => TryStatusAsync(this[id])));
            if (statuses.All(s => s is not null) && done(statuses))
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        Assert.Fail($"timed out after {timeout} waiting for {what}; statuses: {string.Join(", ", statuses.Select(s => s?.ToString() ?? "down"))}\n{Diagnostics()}");
    }

    /// <summary>The running server's <c>/v1/status</c> document.</summary>
    public static async Task<JsonElement> StatusAsync(ClusterMember member)
    {
        using var response = await member.Client.GetAsync("/v1/status");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="condition"/> holds on <paramref name="member"/> (no event exists for remote state).</summary>
    public static async Task EventuallyAsync(ClusterMember member, Func<HttpClient, Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition(member.Client))
        {
            if (watch.Elapsed > EventuallyTimeout)
            {
                Assert.Fail($"{what} did not happen on server {member.Id} within {EventuallyTimeout}:\n{member.OutputTail(40)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Sends a request again while the server answers 503 (ConnectionLoss: no quorum at this moment, for instance an
    /// election after missed ticks on a loaded machine), as a ZooKeeper client retries; other answers are returned.
    /// </summary>
    public static async Task<HttpResponseMessage> SendRetryingAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.SendAsync(request());
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || watch.Elapsed > EventuallyTimeout)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>A POST of <paramref name="body"/> (empty when null), sent again while the server has no quorum.</summary>
    public static Task<HttpResponseMessage> PostRetryingAsync(HttpClient client, Uri uri, byte[]? body = null) =>
        SendRetryingAsync(client, () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body ?? []) });

    /// <summary>The last lines of every server's output, for failure messages.</summary>
    public string Diagnostics() => string.Join('\n', Members.Select(m => $"--- server {m.Id} ---\n{m.OutputTail(40)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members.Where(m => m.Process is not null))
        {
            await member.Process!.DisposeAsync();
            member.Process = null;
        }

        foreach (var (quorum, election) in _links.Values)
        {
            await quorum.DisposeAsync();
            await election.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static int? AgreedLeader(IReadOnlyList<MemberStatus?> statuses, IReadOnlyList<int> ids)
    {
        var leaders = statuses.Select(s => s!.LeaderId).Distinct().ToList();
        if (!statuses.All(s => s!.IsServing) || leaders.Count != 1 || leaders[0] is not { } leader || !ids.Contains(leader))
        {
            return null;
        }

        return statuses.Single(s => s!.ServerId == leader)!.Mode == "leader" ? leader : null;
    }

    private IEnumerable<TcpFaultProxy> LinksOf(int id) => _links
        .Where(l => l.Key.From == id || l.Key.To == id)
        .SelectMany(l => new[] { l.Value.Quorum, l.Value.Election });

    private async Task StartAsync(ClusterMember member)
    {
        string[] args =
        [
            "--id", member.Id.ToString(CultureInfo.InvariantCulture), "--peers", PeersFor(member.Id), $"--Registry:TickTimeMs={TickTimeMs}",
            $"--Registry:ZooKeeperPort={member.ZooKeeperPort}", $"--Registry:SessionSecret={_sessionSecret}", .. _extraArgs,
        ];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                member.Process = await ServerProcess.StartAsync(member.DataDir, args);
                return;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // The free HTTP port ServerProcess picked was taken before the server bound it: it picks another.
            }
        }
    }
}
