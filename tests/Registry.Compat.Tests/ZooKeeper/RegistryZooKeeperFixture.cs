namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>One registry server per test class.</summary>
public sealed class RegistryZooKeeperFixture : IAsyncLifetime
{
    private RegistryZooKeeper? _server;

    internal RegistryZooKeeper Server => _server!;

    public async Task InitializeAsync() => _server = await RegistryZooKeeper.StartAsync("--Registry:FourLetterWords=*");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
