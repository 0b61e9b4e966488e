using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Hosting;
using Registry.Catalog.Index;
using Registry.Catalog.Registration;
using Registry.Server;
using Registry.Server.Hosting;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Catalog.Tests;

/// <summary>A real server core (pipeline, log, sessions) with the catalog on top, in a temp data directory.</summary>
public sealed class CatalogHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CatalogHost(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public RegistryServer Server => _host.Services.GetRequiredService<RegistryServer>();

    public ServiceCatalog Catalog => _host.Services.GetRequiredService<ServiceCatalog>();

    public ServiceRegistrar Registrar => _host.Services.GetRequiredService<ServiceRegistrar>();

    public static async Task<CatalogHost> StartAsync(string? dataDir = null)
    {
        dataDir ??= Directory.CreateTempSubdirectory("registry-catalog-").FullName;
        var builder = Host.CreateApplicationBuilder([$"--Registry:DataDir={dataDir}", "--Registry:Fsync=false", "--Registry:NodeName=node-1", "--Registry:TickTimeMs=100"]);
        builder.Logging.ClearProviders();
        builder.AddRegistryServer();
        builder.AddRegistryCatalog();
        var host = builder.Build();
        await host.StartAsync();
        return new CatalogHost(host, dataDir);
    }

    /// <summary>Creates a node the way a ZooKeeper or native client would, under its own session.</summary>
    public async Task<string> CreateAsync(string path, string json, long sessionId, CreateMode mode = CreateMode.EphemeralSequential)
    {
        await TreeWrites.EnsureParentsAsync(Server, path);
        var context = new RequestContext(sessionId, [Id.Super]);
        var result = await Server.WriteAsync(context, new CreateOp(path, System.Text.Encoding.UTF8.GetBytes(json), AclEntry.OpenUnsafe, mode));
        return result.EnsureSuccess().Result.Path!;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    public async Task DestroyAsync()
    {
        await DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
