using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Contracts;
using Registry.Api.Http;
using Registry.Server;
using Registry.Server.Changes;
using Registry.Tree;

namespace Registry.Api.Endpoints;

/// <summary>GET /v1/events: the ordered change log under a path, long-polled by index, never with a silent gap.</summary>
public static class EventEndpoints
{
    private const int MaxEvents = 1000;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", GetAsync)
            .WithTags("Watches")
            .WithName("GetEvents")
            .WithSummary("Changes under a path after ?index=N, waiting up to ?wait for the first one; reset=true means the index is too old and the client must resynchronise")
            .Produces<EventsDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <param name="path">The path followed: itself and its direct children, or the whole subtree with recursive=true.</param>
    /// <param name="recursive">true: follow the whole subtree.</param>
    /// <param name="index">Return changes with a zxid above this; absent: the current index and no events.</param>
    /// <param name="wait">Longest wait for a change ("30s", "5m"; default 5m, capped at 10m).</param>
    private static async Task<IResult> GetAsync(HttpContext http, RegistryServer server, string? path, bool? recursive, long? index, string? wait)
    {
        var followed = path ?? ZPath.Root;
        ZPath.EnsureValid(followed);
        if (!WaitDuration.TryParse(wait, out var duration))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"wait '{wait}' is not a duration such as 30s or 5m");
        }

        var batch = index is { } after
            ? await server.Changes.WaitAsync(followed, recursive == true, after, MaxEvents, WaitDuration.WithJitter(duration), server.Time, http.RequestAborted)
            : new ChangeBatch(server.Changes.LastZxid, false, []);
        ZnodeEndpoints.SetIndex(http, batch.Index);
        var events = batch.Events.Select(e => new ChangeEventDto(e.Type.ToString(), e.Path, e.Zxid)).ToList();
        return TypedResults.Json(new EventsDto(batch.Index, batch.Reset, events), ApiJsonContext.Default.EventsDto);
    }
}
