using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Registry.Api.OpenApi;

/// <summary>Swagger UI at /swagger and the OpenAPI document at /swagger/v1/swagger.json (checked in as openapi/openapi.json).</summary>
public static class SwaggerSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddRegistrySwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Registry",
                Version = "v1",
                Description = "Native REST API of Registry: a ZooKeeper-semantics data tree with sessions, multi and long-polling watches. " +
                    "Every read carries X-Registry-Index; every error is application/problem+json with the ZooKeeper error name in 'code'.",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "Registry.Api.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseRegistrySwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Registry v1");
            o.DocumentTitle = "Registry API";
        });
        return app;
    }
}
