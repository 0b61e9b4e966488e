using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Server.Changes;
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
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton<SessionTracker>();
        services.AddSingleton<RegistryServer>();
        services.AddHostedService<SessionExpiryService>();
        services.AddHostedService<NodeReaper>();
        return builder;
    }
}
