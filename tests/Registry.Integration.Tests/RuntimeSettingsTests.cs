using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.Integration.Tests;

/// <summary>
/// The garbage collector settings the server ships with (Registry.Cli.csproj) are the ones a real `registry start`
/// runs with, as `envi` reports them: a runtime that ignored one would silently bring back long GC pauses.
/// </summary>
public sealed class RuntimeSettingsTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("registry-gc-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task The_server_runs_Server_GC_without_DATAS_and_with_the_generation_0_budget_capped()
    {
        var zkPort = ServerProcess.FreePort();
        await using var server = await ServerProcess.StartAsync(
            _dataDir, $"--Registry:ZooKeeperPort={zkPort.ToString(CultureInfo.InvariantCulture)}", "--Registry:FourLetterWords=envi");

        var settings = (await AskAsync(zkPort, "envi"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("dotnet.gc.", StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

        Assert.Equal("True", settings["dotnet.gc.ServerGC"]);
        Assert.Equal("0", settings["dotnet.gc.GCDynamicAdaptationMode"]);
        Assert.Equal((32 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), settings["dotnet.gc.GCGen0MaxBudget"]);
    }

    private static async Task<string> AskAsync(int port, string word)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
