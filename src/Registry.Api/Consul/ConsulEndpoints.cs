using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Endpoints;
using Registry.Api.Consul.Http;
using Registry.Api.Consul.Kv;
using Registry.Catalog.Hosting;
using Registry.Health.Hosting;
using Registry.Server.Pipeline;

namespace Registry.Api.Consul;

/// <summary>The Consul-compatible front door: agent, catalog, health, KV, session and status endpoints under /v1.</summary>
public static class ConsulEndpoints
{
    /// <summary>Registers the catalog, health checks and the Consul adapter's own services.</summary>
    public static IHostApplicationBuilder AddConsulApi(this IHostApplicationBuilder builder)
    {
        builder.AddRegistryCatalog();
        builder.AddRegistryHealth();
        builder.Services.AddSingleton<ConsulViews>();
        builder.Services.AddSingleton<KvStore>();
        builder.Services.AddSingleton<KvWatch>();
        builder.Services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<KvWatch>());
        return builder;
    }

    public static IEndpointRouteBuilder MapConsulApi(this IEndpointRouteBuilder app)
    {
        var consul = app.MapGroup("/v1").WithTags("Consul").AddEndpointFilter<ConsulErrorFilter>();
        consul.MapConsulAgent();
        consul.MapConsulCatalog();
        consul.MapConsulHealth();
        consul.MapConsulKv();
        consul.MapConsulSessions();
        consul.MapConsulStatus();
        return app;
    }
}
