using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Registry.Server.ZooKeeper.Connection;

namespace Registry.Server.ZooKeeper.FourLetterWords;

/// <summary>
/// Renders the four-letter words in ZooKeeper 3.8's exact text formats, so scripts written for ZooKeeper parse
/// them. The version line claims the ZooKeeper protocol level this server speaks, then names the product.
/// </summary>
public sealed class FourLetterWordResponder(ZooKeeperContext zk)
{
    /// <summary>The garbage collector's settings that shape write latency (docs/benchmarks.md), as the runtime names them.</summary>
    private static readonly string[] GcSettings = ["ServerGC", "ConcurrentGC", "HeapCount", "GCGen0MaxBudget", "GCDynamicAdaptationMode", "GCHeapHardLimit"];

    private static readonly string BuildDate =
        File.GetLastWriteTimeUtc(typeof(FourLetterWordResponder).Assembly.Location).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private readonly FourLetterWhitelist _whitelist = new(zk.Options.FourLetterWords);

    private string Version => $"3.8.0-registry-{zk.Server.Status().Version}, built on {BuildDate}";

    public byte[] Respond(string word, EndPoint? remote = null)
    {
        var text = new StringBuilder();
        if (!_whitelist.Allows(word))
        {
            text.Append(word).Append(" is not executed because it is not in the whitelist.\n");
        }
        else
        {
            Render(word, remote, text);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private void Render(string word, EndPoint? remote, StringBuilder text)
    {
        switch (word)
        {
            case "ruok":
                text.Append("imok");
                break;
            case "isro":
                text.Append("rw");
                break;
            case "srvr":
                text.Append("Zookeeper version: ").Append(Version).Append('\n');
                ServerSummary(text);
                break;
            case "stat":
                text.Append("Zookeeper version: ").Append(Version).Append('\n').Append("Clients:\n");
                Connections(text, remote, full: false);
                text.Append('\n');
                ServerSummary(text);
                break;
            case "cons":
                Connections(text, remote, full: true);
                text.Append('\n');
                break;
            case "crst":
                foreach (var c in zk.Connections.All)
                {
                    c.Stats.Reset();
                }

                text.Append("Connection stats reset.\n");
                break;
            case "srst":
                zk.Stats.Reset();
                text.Append("Server stats reset.\n");
                break;
            case "conf":
                Conf(text);
                break;
            case "wchs":
                WatchSummary(text);
                break;
            case "wchc":
            case "wchp":
                WatchDetail(text, bySession: word == "wchc");
                break;
            case "envi":
                Environment(text);
                break;
            case "dirs":
                var size = DataDirSize();
                text.Append("datadir_size: ").Append(size).Append("\nlogdir_size: ").Append(size).Append('\n');
                break;
            case "mntr":
                Monitor(text);
                break;
        }
    }

    private void ServerSummary(StringBuilder text)
    {
        var status = zk.Server.Status();
        var (min, avg, max) = zk.Stats.Latency.Snapshot();
        text.Append(CultureInfo.InvariantCulture, $"Latency min/avg/max: {min}/{JavaDouble(avg)}/{max}\n");
        text.Append(CultureInfo.InvariantCulture, $"Received: {zk.Stats.PacketsReceived}\n");
        text.Append(CultureInfo.InvariantCulture, $"Sent: {zk.Stats.PacketsSent}\n");
        text.Append(CultureInfo.InvariantCulture, $"Connections: {zk.Connections.Count + 1}\n");
        text.Append(CultureInfo.InvariantCulture, $"Outstanding: {Outstanding()}\n");
        text.Append(CultureInfo.InvariantCulture, $"Zxid: 0x{status.LastZxid:x}\n");
        text.Append(CultureInfo.InvariantCulture, $"Mode: {status.Mode}\n");
        text.Append(CultureInfo.InvariantCulture, $"Node count: {NodeCount(status)}\n");
    }

    /// <summary>ZooKeeper counts the root twice (it is indexed as "" and "/"), so a fresh server reports 5.</summary>
    private static int NodeCount(Server.ServerStatus status) => status.NodeCount + 1;

    private long Outstanding() => zk.Connections.All.Sum(c => (long)c.Stats.Queued);

    /// <summary>One line per connection (the asking one included, as ZooKeeper lists it), each followed by a newline.</summary>
    private void Connections(StringBuilder text, EndPoint? remote, bool full)
    {
        foreach (var c in zk.Connections.All)
        {
            var s = c.Stats;
            text.Append(CultureInfo.InvariantCulture, $" {Address(s.Remote)}[1](queued={s.Queued},recved={s.Received},sent={s.Sent}");
            if (full)
            {
                var (min, avg, max) = s.Latency.Snapshot();
                text.Append(CultureInfo.InvariantCulture, $",sid=0x{s.SessionId:x},lop={s.LastOperation},est={s.EstablishedMs},to={s.TimeoutMs}");
                if (s.LastCxid >= 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $",lcxid=0x{s.LastCxid:x}");
                }

                text.Append(CultureInfo.InvariantCulture, $",lzxid=0x{s.LastZxid:x},lresp={s.LastResponseMs},llat={s.LastLatencyMs},minlat={min},avglat={JavaDouble(avg)},maxlat={max}");
            }

            text.Append(")\n");
        }

        text.Append(CultureInfo.InvariantCulture, $" {Address(remote)}[0](queued=0,recved=1,sent=0)\n");
    }

    private void Conf(StringBuilder text)
    {
        var o = zk.Options;
        var dataDir = Path.GetFullPath(o.DataDir);
        var size = DataDirSize();
        text.Append(CultureInfo.InvariantCulture, $"clientPort={o.ZooKeeperPort}\nsecureClientPort=-1\n");
        text.Append(CultureInfo.InvariantCulture, $"dataDir={dataDir}\ndataDirSize={size}\ndataLogDir={dataDir}\ndataLogSize={size}\n");
        text.Append(CultureInfo.InvariantCulture, $"tickTime={o.TickTimeMs}\nmaxClientCnxns=0\nminSessionTimeout={o.MinSessionTimeoutMs}\nmaxSessionTimeout={o.MaxSessionTimeoutMs}\n");
        text.Append(CultureInfo.InvariantCulture, $"clientPortListenBacklog=-1\nserverId={o.ServerId}\n");
    }

    private void WatchSummary(StringBuilder text)
    {
        var (paths, watches) = zk.Server.Tree.Watches.Count();
        var watching = zk.Connections.All.Count(c => zk.Server.Tree.Watches.WatchesOf(c.Watcher).Count > 0);
        text.Append(CultureInfo.InvariantCulture, $"{watching} connections watching {paths} paths\nTotal watches:{watches}\n");
    }

    private void WatchDetail(StringBuilder text, bool bySession)
    {
        var rows = zk.Connections.All
            .SelectMany(c => zk.Server.Tree.Watches.WatchesOf(c.Watcher).Select(w => (Session: $"0x{c.SessionId:x}", w.Path)))
            .Distinct()
            .ToList();
        foreach (var group in rows.GroupBy(r => bySession ? r.Session : r.Path))
        {
            text.Append(group.Key).Append('\n');
            foreach (var row in group)
            {
                text.Append('\t').Append(bySession ? row.Path : row.Session).Append('\n');
            }
        }
    }

    private void Environment(StringBuilder text)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        text.Append("Environment:\n");
        text.Append("zookeeper.version=").Append(Version).Append('\n');
        text.Append("host.name=").Append(Dns.GetHostName()).Append('\n');
        text.Append("java.version=").Append(System.Environment.Version).Append('\n');
        text.Append("java.vendor=").Append(RuntimeInformation.FrameworkDescription).Append('\n');
        text.Append("java.home=").Append(RuntimeEnvironment.GetRuntimeDirectory()).Append('\n');
        text.Append("java.class.path=").Append(AppContext.BaseDirectory).Append('\n');
        text.Append("java.library.path=\n");
        text.Append("java.io.tmpdir=").Append(Path.GetTempPath()).Append('\n');
        text.Append("java.compiler=<NA>\n");
        text.Append("os.name=").Append(RuntimeInformation.OSDescription).Append('\n');
        text.Append("os.arch=").Append(RuntimeInformation.OSArchitecture).Append('\n');
        text.Append("os.version=").Append(System.Environment.OSVersion.Version).Append('\n');
        text.Append("user.name=").Append(System.Environment.UserName).Append('\n');
        text.Append("user.home=").Append(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile)).Append('\n');
        text.Append("user.dir=").Append(System.Environment.CurrentDirectory).Append('\n');
        var info = GC.GetGCMemoryInfo();
        text.Append(CultureInfo.InvariantCulture, $"os.memory.free={(info.TotalAvailableMemoryBytes - process.WorkingSet64) / (1024 * 1024)}MB\n");
        text.Append(CultureInfo.InvariantCulture, $"os.memory.max={info.TotalAvailableMemoryBytes / (1024 * 1024)}MB\n");
        text.Append(CultureInfo.InvariantCulture, $"os.memory.total={process.WorkingSet64 / (1024 * 1024)}MB\n");
        var gc = GC.GetConfigurationVariables();
        foreach (var name in GcSettings)
        {
            if (gc.TryGetValue(name, out var value))
            {
                text.Append("dotnet.gc.").Append(name).Append('=').Append(CultureInfo.InvariantCulture, $"{value}").Append('\n');
            }
        }
    }

    private void Monitor(StringBuilder text)
    {
        var status = zk.Server.Status();
        var (min, avg, max) = zk.Stats.Latency.Snapshot();
        var (last, minSize, maxSize) = zk.Stats.ResponseSizes;
        var (_, watches) = zk.Server.Tree.Watches.Count();
        void Line(string key, object value) => text.Append("zk_").Append(key).Append('\t').Append(CultureInfo.InvariantCulture, $"{value}").Append('\n');
        Line("version", Version);
        Line("server_state", status.Mode);
        Line("ephemerals_count", status.EphemeralCount);
        Line("num_alive_connections", zk.Connections.Count + 1);
        Line("avg_latency", JavaDouble(avg));
        Line("outstanding_requests", Outstanding());
        Line("znode_count", NodeCount(status));
        Line("global_sessions", status.SessionCount);
        Line("local_sessions", 0);
        Line("last_client_response_size", last);
        Line("packets_sent", zk.Stats.PacketsSent);
        Line("packets_received", zk.Stats.PacketsReceived);
        Line("max_client_response_size", maxSize);
        Line("min_client_response_size", minSize);
        Line("watch_count", watches);
        Line("auth_failed_count", zk.Stats.AuthFailed);
        Line("min_latency", min);
        Line("max_latency", max);
        Line("uptime", (long)(zk.Server.Time.GetUtcNow() - zk.Stats.StartedAt).TotalMilliseconds);
        if (OperatingSystem.IsLinux())
        {
            Line("open_file_descriptor_count", Directory.GetFileSystemEntries("/proc/self/fd").Length);
            if (MaxOpenFiles() is { } maxFiles)
            {
                Line("max_file_descriptor_count", maxFiles);
            }
        }
    }

    /// <summary>The soft "Max open files" limit from /proc/self/limits.</summary>
    private static long? MaxOpenFiles()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 0 } && long.TryParse(fields[0], CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private long DataDirSize()
    {
        var dir = new DirectoryInfo(zk.Options.DataDir);
        return dir.Exists ? dir.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }

    private static string Address(EndPoint? endpoint) => endpoint is IPEndPoint ip
        ? $"/{(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address)}:{ip.Port}"
        : "/unknown";

    /// <summary>Java's Double.toString for the values latency averages take: always a decimal point.</summary>
    private static string JavaDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
