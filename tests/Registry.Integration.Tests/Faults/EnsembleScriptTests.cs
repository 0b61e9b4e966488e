using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Registry.Integration.Tests.Faults;

/// <summary>scripts/ensemble.sh, as a reader of the README runs it: start, status, stop.</summary>
[Collection(EnsembleCollection.Name)]
public sealed partial class EnsembleScriptTests : IDisposable
{
    private readonly string _baseDir = Directory.CreateTempSubdirectory("registry-ensemble-script-").FullName;
    private readonly int _offset = FreePortOffset();

    public void Dispose() => Directory.Delete(_baseDir, recursive: true);

    [Fact]
    public async Task Starts_a_three_server_ensemble_reports_a_leader_and_stops_it()
    {
        try
        {
            var (startCode, startOutput) = await RunAsync("start");
            Assert.True(startCode == 0, startOutput);
            var (statusCode, status) = await RunAsync("status");
            Assert.True(statusCode == 0, status);
            Assert.Equal(1, LeaderLine().Count(status));
            Assert.Equal(2, FollowerLine().Count(status));
        }
        finally
        {
            var pids = Enumerable.Range(1, 3).Select(n => Path.Combine(_baseDir, $"server{n}.pid")).Where(File.Exists).Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var (stopCode, stopOutput) = await RunAsync("stop");
            Assert.True(stopCode == 0, stopOutput);
            Assert.Equal(3, pids.Count);
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"PID {pid} still runs after stop"));
        }

        var (afterCode, after) = await RunAsync("status");
        Assert.NotEqual(0, afterCode);
        Assert.Equal(3, NotRunningLine().Count(after));
    }

    private async Task<(int Code, string Output)> RunAsync(string command)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Registry.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("not inside the repository");
        }

        var script = Path.Combine(root.FullName, "scripts", "ensemble.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, command, "--base-dir", _baseDir, "--port-offset", _offset.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["REGISTRY_DLL"] = ServerProcess.CliPath();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// An offset at which every port the script uses (HTTP, ZooKeeper, DNS over TCP and UDP, both peer ports) is free on
    /// loopback now; offsets below 24,000 keep them all under the kernel's ephemeral range (32768 and up).
    /// </summary>
    private static int FreePortOffset()
    {
        const int step = 500, slots = 28; // offsets 10,000 .. 23,500
        var first = Random.Shared.Next(slots);
        for (var i = 0; i < slots; i++)
        {
            var offset = 10_000 + (((first + i) % slots) * step);
            var ports = Enumerable.Range(1, 3).SelectMany(n => new[] { 8500 + n, 2181 + n, 8600 + n, 2887 + n, 3887 + n }).Select(p => p + offset);
            if (ports.All(IsFree))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("no free port range for the ensemble script");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Mode: leader\b")]
    private static partial Regex LeaderLine();

    [GeneratedRegex(@"Mode: follower\b")]
    private static partial Regex FollowerLine();

    [GeneratedRegex(@"server \d: not running")]
    private static partial Regex NotRunningLine();
}
