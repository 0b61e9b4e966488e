using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Server.Changes;
using Registry.Server.Ensemble;
using Registry.Server.Ensemble.Hosting;
using Registry.Server.Ensemble.Status;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Reaping;
using Registry.Server.Sessions;
using Registry.Server.Storage;

namespace Registry.Server.Hosting;

public static class ServerServiceCollectionExtensions
{
    /// <summary>Registers the tree, its storage, the write pipeline, sessions and housekeeping services.</summary>
    public static IHostApplicationBuilder AddRegistryServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServerOptions>>().Value);
        services.AddSingleton(sp => TreeDatabase.Open(sp.GetRequiredService<ServerOptions>(), sp.GetRequiredService<ILogger<TreeDatabase>>()));
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<ChangeFeed>());
        if (IsEnsemble(builder))
        {
            services.AddSingleton<ReplicatedPipeline>();
            services.AddSingleton<IWritePipeline>(sp => sp.GetRequiredService<ReplicatedPipeline>());
            services.AddSingleton<ISessionAuthority>(sp => sp.GetRequiredService<ReplicatedPipeline>());
            services.AddSingleton<IReplicationStatus>(sp => sp.GetRequiredService<ReplicatedPipeline>());
            services.AddHostedService<EnsembleService>();
        }
        else
        {
            services.AddSingleton<RequestPipeline>();
            services.AddSingleton<IWritePipeline>(sp => sp.GetRequiredService<RequestPipeline>());
            services.AddSingleton<ISessionAuthority>(StandaloneSessionAuthority.Instance);
            services.AddSingleton<IReplicationStatus>(StandaloneReplicationStatus.Instance);
        }

        services.AddSingleton<SessionTracker>();
        services.AddSingleton<RegistryServer>();
        services.AddHostedService<SessionExpiryService>();
        services.AddHostedService<NodeReaper>();
        return builder;
    }

    /// <summary>Registry:Peers decides the write path when services are registered; its syntax is validated with the options.</summary>
    private static bool IsEnsemble(IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.Peers)}"]);
}
