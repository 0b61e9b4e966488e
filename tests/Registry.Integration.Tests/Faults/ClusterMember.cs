namespace Registry.Integration.Tests.Faults;

/// <summary>
/// One server of an <see cref="EnsembleCluster"/>: its id, its own peer ports and data directory (both kept across
/// restarts, like its ZooKeeper client port so that clients find it again), and the process currently running it, if any.
/// </summary>
public sealed class ClusterMember(int id, int quorumPort, int electionPort, int zooKeeperPort, string dataDir)
{
    public int Id { get; } = id;

    public int ZooKeeperPort { get; } = zooKeeperPort;

    public int QuorumPort { get; } = quorumPort;

    public int ElectionPort { get; } = electionPort;

    public string DataDir { get; } = dataDir;

    /// <summary>The running process; null while the server is down.</summary>
    public ServerProcess? Process { get; internal set; }

    /// <summary>Output of every process this member ran, oldest first, for failure messages.</summary>
    internal List<string> PastOutput { get; } = [];

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>The HTTP base address of the running process.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Running.Port}");

    public ServerProcess Running => Process ?? throw new InvalidOperationException($"server {Id} is not running");

    /// <summary>An HTTP client of the running process.</summary>
    public HttpClient Client => Running.Client;

    /// <summary>Lines of this member's output (every process it ran) mentioning <paramref name="text"/>: shows which recovery path a scenario took.</summary>
    public IReadOnlyList<string> OutputMentioning(string text) =>
        [.. PastOutput.Append(Process?.Output ?? string.Empty).SelectMany(o => o.Split('\n')).Where(l => l.Contains(text, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The last lines this member's processes wrote, for failure messages.</summary>
    public string OutputTail(int lines)
    {
        var all = PastOutput.Append(Process?.Output ?? string.Empty).SelectMany(o => o.Split('\n')).ToList();
        return string.Join('\n', all.Skip(Math.Max(0, all.Count - lines)));
    }
}
