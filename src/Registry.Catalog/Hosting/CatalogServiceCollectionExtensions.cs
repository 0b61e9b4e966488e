using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Catalog.Options;
using Registry.Catalog.Registration;
using Registry.Catalog.Sessions;
using Registry.Server.Options;
using Registry.Server.Pipeline;

namespace Registry.Catalog.Hosting;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>Registers the service index (fed by applied transactions), the registrar and the session keeper.</summary>
    public static IHostApplicationBuilder AddRegistryCatalog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = new CatalogOptions();
        builder.Configuration.GetSection(ServerOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<IServiceCatalog>(sp => sp.GetRequiredService<ServiceCatalog>());
        services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<ServiceCatalog>());
        services.AddSingleton<ServiceRegistrar>();
        services.AddSingleton<SessionKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionKeeper>());
        return builder;
    }
}
