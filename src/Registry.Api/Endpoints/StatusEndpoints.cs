using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Registry.Api.Contracts;
using Registry.Api.Http;
using Registry.Api.Watches;
using Registry.Catalog.Index;
using Registry.Health.Ownership;
using Registry.Server;
using Registry.Tree;

namespace Registry.Api.Endpoints;

/// <summary>
/// GET /v1/status: mode, server id, last zxid and counts (what `registry status` prints), long-polled by status
/// generation (<see cref="StatusFeed"/>); GET /v1/status/ready and
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
        app.MapGet("/v1/status", GetAsync)
            .WithTags("Status")
            .WithName("GetStatus")
            .WithSummary("The server's mode, id, last zxid, counts, the ensemble as it sees it and which server runs each health check")
            .WithDescription(
                "X-Registry-Index is the status generation (not a zxid). Pass it back as ?index= with ?wait= to long-poll: the answer " +
                "comes when the role, leader, epoch, a peer connection or check ownership changes, when writes land or peers' zxids " +
                "move (at most four times a second), or when the wait runs out (same index). Any other index answers at once.")
            .Produces<StatusDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
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

    /// <param name="index">Long poll: wait until the status generation moves past this X-Registry-Index.</param>
    /// <param name="wait">Longest wait of a long poll ("30s", "5m"; default 5m, capped at 10m).</param>
    private static async Task<JsonHttpResult<StatusDto>> GetAsync(
        HttpContext http, RegistryServer server, ServiceCatalog catalog, CheckOwnership ownership, StatusFeed feed, long? index, string? wait)
    {
        if (!WaitDuration.TryParse(wait, out var duration))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"wait '{wait}' is not a duration such as 30s or 5m");
        }

        if (index < 0)
        {
            throw new KeeperException(ErrorCode.BadArguments, $"index {index} is negative; pass the X-Registry-Index of an earlier answer");
        }

        // The generation is taken before the body is read, so a change racing with the read is answered again, never lost.
        var generation = index is { } after
            ? await feed.WaitAsync(after, WaitDuration.WithJitter(duration), http.RequestAborted)
            : feed.Generation;
        return StatusOf(http, generation, server.Status(), CheckOwners(catalog, ownership), StatusCodes.Status200OK);
    }

    // A server that is shutting down stops being ready at once, so load balancers drain it before it goes.
    private static JsonHttpResult<StatusDto> GetReady(HttpContext http, RegistryServer server, StatusFeed feed, IHostApplicationLifetime lifetime)
    {
        var generation = feed.Generation;
        var status = server.Status();
        var ready = !lifetime.ApplicationStopping.IsCancellationRequested && ServingModes.Contains(status.Mode);
        return StatusOf(http, generation, status, null, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    // Depends on nothing but the host, so a busy pipeline never gets the process restarted.
    private static ContentHttpResult GetLive() => TypedResults.Text("live\n", "text/plain");

    /// <summary>The checks each live server runs, by server id, as this server's view of the cluster assigns them.</summary>
    private static Dictionary<string, IReadOnlyList<string>> CheckOwners(ServiceCatalog catalog, CheckOwnership ownership) =>
        CheckAssignments.Of(catalog, ownership).ToDictionary(
            o => o.Key.ToString(CultureInfo.InvariantCulture), IReadOnlyList<string> (o) => o.Value);

    private static JsonHttpResult<StatusDto> StatusOf(HttpContext http, long generation, ServerStatus s, IReadOnlyDictionary<string, IReadOnlyList<string>>? checkOwners, int statusCode)
    {
        ZnodeEndpoints.SetIndex(http, generation);
        return TypedResults.Json(
            new StatusDto(
                s.Mode, s.ServerId, s.LastZxid, s.NodeCount, s.SessionCount, s.EphemeralCount, s.WatchCount, s.PendingWrites, s.Version,
                s.LeaderId, s.Epoch, s.Peers?.Select(p => new PeerDto(p.ServerId, p.Address, p.Role, p.LastZxid, p.Lag, p.State)).ToList(), checkOwners),
            ApiJsonContext.Default.StatusDto,
            statusCode: statusCode);
    }
}
