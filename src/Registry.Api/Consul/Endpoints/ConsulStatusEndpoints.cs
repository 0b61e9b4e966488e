using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Catalog.Options;

namespace Registry.Api.Consul.Endpoints;

/// <summary>/v1/status/leader and /peers, which clients use as a liveness probe. Standalone: this server.</summary>
public static class ConsulStatusEndpoints
{
    public static RouteGroupBuilder MapConsulStatus(this RouteGroupBuilder consul)
    {
        consul.MapGet("/status/leader", (HttpContext http, CatalogOptions options, IConfiguration configuration) =>
                ConsulResults.Json(http, Self(options, configuration), ConsulJsonContext.Default.String))
            .WithSummary("The leader's address (Consul)");
        consul.MapGet("/status/peers", (HttpContext http, CatalogOptions options, IConfiguration configuration) =>
                ConsulResults.Json(http, [Self(options, configuration)], ConsulJsonContext.Default.ListString))
            .WithSummary("The voting servers' addresses (Consul)");
        return consul;
    }

    private static string Self(CatalogOptions options, IConfiguration configuration) =>
        $"{options.EffectiveNodeAddress}:{configuration.GetValue("Registry:HttpPort", RegistryWebApp.DefaultHttpPort)}";
}
