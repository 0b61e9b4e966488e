using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Registry.Health.Definitions;
using Registry.Health.Ownership;
using Registry.Health.Probes;
using Registry.Health.Scheduling;
using Registry.Server.Ensemble.Status;
using Registry.Server.Options;

namespace Registry.Health.Hosting;

public static class HealthServiceCollectionExtensions
{
    /// <summary>Registers the probes, check ownership (standalone, or the ensemble's reachable voters) and the scheduler.</summary>
    public static IHostApplicationBuilder AddRegistryHealth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = new HealthOptions();
        builder.Configuration.GetSection(HealthOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.TryAddSingleton<IClusterView>(sp => sp.GetRequiredService<ServerOptions>() is { IsEnsemble: true } ensemble
            ? new EnsembleClusterView(ensemble.ServerId, sp.GetRequiredService<IReplicationStatus>())
            : new StandaloneClusterView(sp.GetRequiredService<ServerOptions>().ServerId));
        services.AddSingleton<CheckOwnership>();
        services.AddSingleton<HttpProbe>();
        services.AddSingleton<TcpProbe>();
        services.AddSingleton<GrpcProbe>();
        services.AddSingleton<HealthScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthScheduler>());
        return builder;
    }
}
