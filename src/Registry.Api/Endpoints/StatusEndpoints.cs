using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Registry.Api.Contracts;
using Registry.Catalog.Index;
using Registry.Health.Ownership;
using Registry.Server;

namespace Registry.Api.Endpoints;

/// <summary>
/// GET /v1/status: mode, server id, last zxid and counts (what `registry status` prints); GET /v1/status/ready and
/// /v1/status/live: the readiness and liveness probes of orchestrators (Kubernetes, Docker HEALTHCHECK).
/// </summary>
public static class StatusEndpoints
{
    /// <summary>
    /// The modes in which a server can serve: standalone (recovered, since RegistryServer recovers the tree before it
    /// exists), or a member of a quorum (ZooKeeper's leader, follower, observer). Any other mode (looking for a
    /// leader, synchronising) is not ready.
    /// </summary>
    private static readonly HashSet<string> ServingModes = new(StringComparer.Ordinal) { "standalone", "leader", "follower", "observer" };

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/status", Get)
            .WithTags("Status")
            .WithName("GetStatus")
            .WithSummary("The server's mode, id, last zxid, counts, the ensemble as it sees it and which server runs each health check")
            .Produces<StatusDto>(StatusCodes.Status200OK);
        app.MapGet("/v1/status/ready", GetReady)
            .WithTags("Status")
            .WithName("GetReadiness")
            .WithSummary("200 when the server can serve (standalone and recovered, or in a quorum), else 503; the body is the status")
            .Produces<StatusDto>(StatusCodes.Status200OK)
            .Produces<StatusDto>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/v1/status/live", GetLive)
            .WithTags("Status")
            .WithName("GetLiveness")
            .WithSummary("200 while the process runs and answers HTTP")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    private static JsonHttpResult<StatusDto> Get(HttpContext http, RegistryServer server, ServiceCatalog catalog, CheckOwnership ownership) =>
        StatusOf(http, server.Status(), CheckOwners(catalog, ownership), StatusCodes.Status200OK);

    // A server that is shutting down stops being ready at once, so load balancers drain it before it goes.
    private static JsonHttpResult<StatusDto> GetReady(HttpContext http, RegistryServer server, IHostApplicationLifetime lifetime)
    {
        var status = server.Status();
        var ready = !lifetime.ApplicationStopping.IsCancellationRequested && ServingModes.Contains(status.Mode);
        return StatusOf(http, status, null, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    // Depends on nothing but the host, so a busy pipeline never gets the process restarted.
    private static ContentHttpResult GetLive() => TypedResults.Text("live\n", "text/plain");

    /// <summary>The checks each live server runs, by server id, as this server's view of the cluster assigns them.</summary>
    private static Dictionary<string, IReadOnlyList<string>> CheckOwners(ServiceCatalog catalog, CheckOwnership ownership) =>
        CheckAssignments.Of(catalog, ownership).ToDictionary(
            o => o.Key.ToString(CultureInfo.InvariantCulture), IReadOnlyList<string> (o) => o.Value);

    private static JsonHttpResult<StatusDto> StatusOf(HttpContext http, ServerStatus s, IReadOnlyDictionary<string, IReadOnlyList<string>>? checkOwners, int statusCode)
    {
        ZnodeEndpoints.SetIndex(http, s.LastZxid);
        return TypedResults.Json(
            new StatusDto(
                s.Mode, s.ServerId, s.LastZxid, s.NodeCount, s.SessionCount, s.EphemeralCount, s.WatchCount, s.PendingWrites, s.Version,
                s.LeaderId, s.Epoch, s.Peers?.Select(p => new PeerDto(p.ServerId, p.Address, p.Role, p.LastZxid, p.Lag, p.State)).ToList(), checkOwners),
            ApiJsonContext.Default.StatusDto,
            statusCode: statusCode);
    }
}
