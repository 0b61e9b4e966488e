using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Hosting;
using Registry.Catalog.Index;
using Registry.Catalog.Registration;
using Registry.Health.Hosting;
using Registry.Health.Scheduling;
using Registry.Server;
using Registry.Server.Hosting;

namespace Registry.Health.Tests;

/// <summary>A real server core with the catalog and the health scheduler, tuned for sub-second checks.</summary>
public sealed class HealthHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDir;

    private HealthHost(IHost host, string dataDir)
    {
        _host = host;
        _dataDir = dataDir;
    }

    public RegistryServer Server => _host.Services.GetRequiredService<RegistryServer>();

    public ServiceCatalog Catalog => _host.Services.GetRequiredService<ServiceCatalog>();

    public ServiceRegistrar Registrar => _host.Services.GetRequiredService<ServiceRegistrar>();

    public HealthScheduler Scheduler => _host.Services.GetRequiredService<HealthScheduler>();

    /// <summary>A host on the system clock, or on <paramref name="time"/>; <paramref name="settings"/> override the defaults here.</summary>
    public static async Task<HealthHost> StartAsync(TimeProvider? time = null, params string[] settings)
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-health-").FullName;
        var builder = Host.CreateApplicationBuilder([
            $"--Registry:DataDir={dataDir}", "--Registry:Fsync=false", "--Registry:NodeName=node-1", "--Registry:TickTimeMs=250",
            "--Registry:Health:MinInterval=00:00:00.1", "--Registry:Health:Resolution=00:00:00.05", "--Registry:Health:MinDeregisterCriticalServiceAfter=00:00:00.3",
            .. settings]);
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddRegistryServer();
        builder.AddRegistryCatalog();
        builder.AddRegistryHealth();
        var host = builder.Build();
        await host.StartAsync();
        return new HealthHost(host, dataDir);
    }

    /// <summary>Waits, woken by catalog changes, until the condition holds (fails after 15 s).</summary>
    public async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var (_, changed) = Catalog.Signals.Observe(ServiceCatalog.AnyServiceTopic, Catalog.AnyServiceIndex);
            if (condition())
            {
                return;
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"timed out waiting for {what}");
            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }
}
