using Registry.Integration.Tests;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>A real `registry start` process with its ZooKeeper port on a free loopback port.</summary>
internal sealed class RegistryZooKeeper : IAsyncDisposable
{
    private readonly string _dataDir;

    private RegistryZooKeeper(ServerProcess server, int port, string dataDir)
    {
        Server = server;
        Port = port;
        _dataDir = dataDir;
    }

    public ServerProcess Server { get; }

    public int Port { get; }

    public string Hosts => $"127.0.0.1:{Port}";

    public static async Task<RegistryZooKeeper> StartAsync(params string[] extraArgs)
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-zk-compat-").FullName;
        var port = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(dataDir, [$"--Registry:ZooKeeperPort={port}", .. extraArgs]);
        await LoopbackPort.WaitForListenerAsync(port, TimeSpan.FromSeconds(30));
        return new RegistryZooKeeper(server, port, dataDir);
    }

    /// <summary>Runs a client step against this server; a failure carries the server's log, which names its reason.</summary>
    public async Task<T> WithServerLogAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            throw new InvalidOperationException($"{e.Message}\nserver log:\n{Server.Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
