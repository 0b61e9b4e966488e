using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Registry.Integration.Tests;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>
/// A real Apache ZooKeeper (the Debian package) in standalone mode on a free loopback port with its own
/// data directory and configuration; stopped by PID.
/// </summary>
internal sealed class ApacheZooKeeper : IAsyncDisposable
{
    private const string Jar = "/usr/share/java/zookeeper.jar";
    private readonly Process _process;
    private readonly string _dir;

    private ApacheZooKeeper(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Hosts => $"127.0.0.1:{Port}";

    public static async Task<ApacheZooKeeper> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("apache-zk-").FullName;
        var port = ServerProcess.FreePort();
        var config = Path.Combine(dir, "zoo.cfg");
        await File.WriteAllTextAsync(config, $"""
            tickTime=2000
            dataDir={Path.Combine(dir, "data")}
            clientPort={port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            4lw.commands.whitelist=srvr
            """);
        var info = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-cp", $"/etc/zookeeper/conf:{Jar}", $"-Dzookeeper.log.dir={dir}", "-Dzookeeper.extendedTypesEnabled=true", "org.apache.zookeeper.server.ZooKeeperServerMain", config })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ApacheZooKeeper(process, dir, port);
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Polls srvr until it reports a mode: ZooKeeper has no readiness event a caller could wait on, and ruok
    /// answers imok before the server accepts sessions (it closes handshakes while "not currently serving").
    /// </summary>
    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                // A probe that gets no answer is abandoned: a server still starting may accept and stay silent.
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, attempt.Token);
                var stream = client.GetStream();
                await stream.WriteAsync("srvr"u8.ToArray(), attempt.Token);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                if ((await reader.ReadToEndAsync(attempt.Token)).Contains("Mode: standalone", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Apache ZooKeeper did not start on port {Port}");
    }
}
