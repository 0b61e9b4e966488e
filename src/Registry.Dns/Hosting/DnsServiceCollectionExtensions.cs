using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registry.Dns.Options;

namespace Registry.Dns.Hosting;

public static class DnsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the DNS responder: <see cref="DnsOptions"/> bound from <c>Registry:Dns</c> (validated at start,
    /// <c>BindAddress</c> defaulting to <c>Registry:BindAddress</c>) and a hosted service serving UDP and TCP
    /// from the <see cref="Catalog.Model.IServiceCatalog"/> registered in the container.
    /// </summary>
    public static IServiceCollection AddRegistryDns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DnsOptions>()
            .Bind(configuration.GetSection(DnsOptions.Section))
            .PostConfigure(options => options.BindAddress ??= configuration["Registry:BindAddress"])
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DnsOptions>, DnsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<DnsHostedService>();
        return services;
    }
}
