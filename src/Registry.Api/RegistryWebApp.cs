using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Api.Consul;
using Registry.Api.Contracts;
using Registry.Api.Endpoints;
using Registry.Api.Http;
using Registry.Api.OpenApi;
using Registry.Api.Watches;
using Registry.Api.WebUi;
using Registry.Dns.Hosting;
using Registry.Server;
using Registry.Server.Hosting;
using Registry.Server.Pipeline;
using Registry.Server.ZooKeeper.Hosting;

namespace Registry.Api;

/// <summary>
/// The composition root of a Registry server: the core services, the HTTP front doors, Swagger UI and the web UI in
/// one ASP.NET Core host. Configuration keys are documented in the README.
/// </summary>
public static class RegistryWebApp
{
    public const int DefaultHttpPort = 8500;

    public const int DefaultZooKeeperPort = 2181;

    /// <summary>Largest HTTP request body accepted at all (a multi may carry many payloads).</summary>
    private const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            var port = builder.Configuration.GetValue("Registry:HttpPort", DefaultHttpPort);
            var address = IPAddress.Parse(builder.Configuration.GetValue("Registry:BindAddress", "0.0.0.0")!);
            var zooKeeperPort = builder.Configuration.GetValue("Registry:ZooKeeperPort", DefaultZooKeeperPort);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(address, port);
                if (zooKeeperPort != 0)
                {
                    k.Listen(address, zooKeeperPort, listener => listener.UseZooKeeperProtocol());
                }
            });
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        // Per-request framework logs cost more than the requests themselves; configuration can turn them back on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddRegistryServer();
        builder.Services.AddSingleton<SessionFeed>();
        builder.Services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<SessionFeed>());
        builder.Services.AddSingleton<ApplyPulse>();
        builder.Services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<ApplyPulse>());
        builder.Services.AddSingleton<StatusFeed>();
        builder.AddConsulApi();
        builder.Services.AddRegistryDns(builder.Configuration);
        builder.Services.AddZooKeeperProtocol();
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddRegistrySwagger();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapRegistryApi();
        return app;
    }

    /// <summary>Recovers the tree (snapshot + log) before the first request can arrive.</summary>
    public static void Recover(this WebApplication app) => app.Services.GetRequiredService<RegistryServer>();

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        app.UseMiddleware<ProblemMiddleware>();
        app.UseRegistrySwagger();
        app.MapZnodes();
        app.MapMulti();
        app.MapSessions();
        app.MapEvents();
        app.MapStatus();
        app.MapConsulApi();
        var home = app.MapWebUi(WebUiEndpoints.DefaultRoot) ? WebUiEndpoints.BasePath : "/swagger";
        app.MapGet("/", () => TypedResults.Redirect(home)).ExcludeFromDescription();
        return app;
    }
}
