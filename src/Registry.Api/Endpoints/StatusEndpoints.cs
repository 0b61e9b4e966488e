using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Contracts;
using Registry.Server;

namespace Registry.Api.Endpoints;

/// <summary>GET /v1/status: mode, server id, last zxid and counts (what `registry status` prints).</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/status", Get)
            .WithTags("Status")
            .WithName("GetStatus")
            .WithSummary("The server's mode, id, last zxid and counts")
            .Produces<StatusDto>(StatusCodes.Status200OK);
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<StatusDto> Get(HttpContext http, RegistryServer server)
    {
        var s = server.Status();
        ZnodeEndpoints.SetIndex(http, s.LastZxid);
        return TypedResults.Json(
            new StatusDto(s.Mode, s.ServerId, s.LastZxid, s.NodeCount, s.SessionCount, s.EphemeralCount, s.WatchCount, s.PendingWrites, s.Version),
            ApiJsonContext.Default.StatusDto);
    }
}
