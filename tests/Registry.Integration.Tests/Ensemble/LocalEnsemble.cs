using System.Globalization;
using System.Text.Json;
using Registry.Integration.Tests.Faults;

namespace Registry.Integration.Tests.Ensemble;

/// <summary>
/// Real `registry start` processes forming one ensemble on loopback (quorum and election ports below the ephemeral range), each
/// with its own data directory, a 200 ms tick and a shared session secret, and optionally a ZooKeeper client port
/// each. Servers are numbered from 1.
/// </summary>
internal sealed class LocalEnsemble : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _root = Directory.CreateTempSubdirectory("registry-ensemble-").FullName;
    private readonly ServerProcess?[] _servers;
    private readonly string _peers;
    private readonly int[]? _zooKeeperPorts;
    private readonly string[] _settings;

    private LocalEnsemble(int size, bool zooKeeper, string[] settings)
    {
        _settings = settings;
        _servers = new ServerProcess?[size + 1];
        // Ports a restarted server must get back, each distinct: below the ephemeral range (see StablePorts).
        _zooKeeperPorts = zooKeeper ? [.. Enumerable.Range(0, size + 1).Select(_ => StablePorts.Next())] : null;
        _peers = string.Join(',', Enumerable.Range(1, size).Select(id =>
            string.Create(CultureInfo.InvariantCulture, $"{id}=127.0.0.1:{StablePorts.Next()}:{StablePorts.Next()}")));
    }

    public IEnumerable<int> Ids => Enumerable.Range(1, _servers.Length - 1);

    public ServerProcess this[int id] => _servers[id] ?? throw new InvalidOperationException($"server {id} is not running");

    /// <summary>The port server <paramref name="id"/> accepts its peers' connections on.</summary>
    public int QuorumPort(int id) => int.Parse(_peers.Split(',')[id - 1].Split(':')[2], CultureInfo.InvariantCulture);

    public int ZooKeeperPort(int id) => _zooKeeperPorts?[id] ?? throw new InvalidOperationException("started without ZooKeeper ports");

    /// <summary>
    /// Starts the servers in <paramref name="only"/> (default all); start the others later with <see cref="StartServerAsync"/>.
    /// <paramref name="settings"/> are extra host configuration arguments for every server.
    /// </summary>
    public static async Task<LocalEnsemble> StartAsync(int size, bool zooKeeper = false, IEnumerable<int>? only = null, params string[] settings)
    {
        var ensemble = new LocalEnsemble(size, zooKeeper, settings);
        try
        {
            await Task.WhenAll((only ?? ensemble.Ids).Select(ensemble.StartServerAsync));
        }
        catch
        {
            // The servers that did start must not outlive the test.
            await ensemble.DisposeAsync();
            throw;
        }

        return ensemble;
    }

    public async Task StartServerAsync(int id) =>
        _servers[id] = await ServerProcess.StartAsync(
            Path.Combine(_root, $"server{id}"),
            [
                "--id", id.ToString(CultureInfo.InvariantCulture), "--peers", _peers, "--Registry:TickTimeMs=200", "--Registry:SessionSecret=ensemble-test-secret",
                .. _zooKeeperPorts is null ? [] : new[] { "--zk-port", _zooKeeperPorts[id].ToString(CultureInfo.InvariantCulture) },
                .. _settings,
            ]);

    /// <summary>kill -9 of one server by its PID.</summary>
    public async Task KillAsync(int id)
    {
        await this[id].KillAsync();
        await this[id].DisposeAsync();
        _servers[id] = null;
    }

    public static async Task<JsonElement> StatusAsync(ServerProcess server)
    {
        using var response = await server.Client.GetAsync("/v1/status");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Waits until the running servers agree on one leader, every other one following it; returns its id.</summary>
    public async Task<int> WaitForLeaderAsync()
    {
        var running = Ids.Where(id => _servers[id] is not null).ToList();
        string last = "";
        using var deadline = new CancellationTokenSource(Deadline);
        while (!deadline.IsCancellationRequested)
        {
            var statuses = await Task.WhenAll(running.Select(id => StatusAsync(_servers[id]!)));
            var modes = statuses.Select(s => s.GetProperty("mode").GetString()).ToList();
            var leaders = statuses.Select(s => s.GetProperty("leaderId")).Select(l => l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 0).Distinct().ToList();
            last = string.Join(", ", running.Zip(modes, (id, mode) => $"{id}:{mode}"));
            if (modes.Count(m => m == "leader") == 1 && modes.All(m => m is "leader" or "follower") && leaders is [> 0])
            {
                return leaders[0];
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"no single leader within {Deadline}: {last}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds on <paramref name="server"/> (no event exists for remote state).</summary>
    public static async Task EventuallyAsync(ServerProcess server, Func<HttpClient, Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition(server.Client))
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {Deadline}:\n{server.Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.OfType<ServerProcess>())
        {
            await server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
