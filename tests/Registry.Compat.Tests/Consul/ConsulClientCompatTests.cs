using System.Diagnostics;
using Registry.Integration.Tests;

namespace Registry.Compat.Tests.Consul;

/// <summary>The npm `consul` client (installed by scripts/setup.d/30-consul.sh) against a real server process.</summary>
public sealed class ConsulClientCompatTests
{
    [Fact]
    public async Task The_npm_consul_client_registers_discovers_watches_heartbeats_uses_kv_and_deregisters()
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-consul-compat-").FullName;
        await using (var server = await ServerProcess.StartAsync(dataDir, "--Registry:ZooKeeperPort=0", "--Registry:Dns:Port=0"))
        {
            var (exitCode, output) = await RunNodeAsync(server.Port);
            Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}\nserver:\n{server.Output}");
            Assert.Contains("all steps passed", output, StringComparison.Ordinal);
        }

        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(int port)
    {
        var script = Path.Combine(NodeProject(), "consul-client.test.js");
        var info = new ProcessStartInfo("node", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = NodeProject(),
        };
        info.Environment["CONSUL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>tests/Registry.Compat.Tests/Consul/node in the source tree (node_modules installed there by setup).</summary>
    private static string NodeProject()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Registry.sln")))
        {
            dir = dir.Parent;
        }

        var project = Path.Combine(dir!.FullName, "tests", "Registry.Compat.Tests", "Consul", "node");
        return Directory.Exists(Path.Combine(project, "node_modules", "consul"))
            ? project
            : throw new DirectoryNotFoundException($"run scripts/setup.sh first: {project}/node_modules/consul is missing");
    }
}
