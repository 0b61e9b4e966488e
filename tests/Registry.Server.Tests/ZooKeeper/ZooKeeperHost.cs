using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Server.Hosting;
using Registry.Server.ZooKeeper.Hosting;

namespace Registry.Server.Tests.ZooKeeper;

/// <summary>A registry server in this process with only its ZooKeeper port, on a free loopback port.</summary>
public sealed class ZooKeeperHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;

    private ZooKeeperHost(WebApplication app, string dataDir, int port)
    {
        _app = app;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public RegistryServer Server => _app.Services.GetRequiredService<RegistryServer>();

    public static async Task<ZooKeeperHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-zk-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?> { ["Registry:DataDir"] = dataDir, ["Registry:FourLetterWords"] = "*" };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddRegistryServer();
        builder.Services.AddZooKeeperProtocol();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listener => listener.UseZooKeeperProtocol()));
        var app = builder.Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ZooKeeperHost(app, dataDir, new Uri(address).Port);
    }

    public Task<JuteClient> ConnectAsync(int timeoutMs = 30_000) => JuteClient.ConnectAsync(Port, timeoutMs);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
