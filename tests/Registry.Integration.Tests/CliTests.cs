using System.Diagnostics;

namespace Registry.Integration.Tests;

/// <summary>The `registry` command against a real server process: tree commands, status, a refused second server and a graceful stop.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("registry-cli-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Tree_commands_status_and_stop_work_against_a_running_server()
    {
        await using var server = await ServerProcess.StartAsync(_dataDir);
        var url = $"http://127.0.0.1:{server.Port}";

        var status = await RunAsync("status", "--server", url);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Mode: standalone", status.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("create", "--server", url, "/cfg", "v1")).ExitCode);
        Assert.Equal("/cfg/item-0000000000", (await RunAsync("create", "--server", url, "-s", "/cfg/item-", "x")).Output.Trim());
        Assert.Equal(0, (await RunAsync("set", "--server", url, "/cfg", "v2", "-v", "0")).ExitCode);
        var get = await RunAsync("get", "--server", url, "/cfg");
        Assert.Equal("v2", get.Output.Trim());
        Assert.Equal("item-0000000000", (await RunAsync("ls", "--server", url, "/cfg")).Output.Trim());

        var badVersion = await RunAsync("set", "--server", url, "/cfg", "v3", "-v", "0");
        Assert.Equal(1, badVersion.ExitCode);
        Assert.Contains("BadVersion", badVersion.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("get", "--server", url, "/missing")).ExitCode);
        Assert.Equal(0, (await RunAsync("delete", "--server", url, "-r", "/cfg")).ExitCode);

        var second = await RunAsync("start", "--data", _dataDir, "--http-port", "0", "--bind", "127.0.0.1");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("in use by another registry server", second.Error, StringComparison.Ordinal);

        var stop = await RunAsync("stop", "--data", _dataDir);
        Assert.Equal(0, stop.ExitCode);
        Assert.True(server.HasExited);
        Assert.Equal(1, (await RunAsync("status", "--server", url)).ExitCode);
    }

    internal static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerProcess.CliPath());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
