using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Contracts;
using Registry.Api.Http;
using Registry.Api.Watches;
using Registry.Server;
using Registry.Tree;

namespace Registry.Api.Endpoints;

/// <summary>/v1/sessions: open, keep alive, inspect and close sessions (closing deletes their ephemerals).</summary>
public static class SessionEndpoints
{
    private const int DefaultTimeoutMs = 30_000;

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions").WithTags("Sessions");
        group.MapPost("/", CreateAsync)
            .WithName("CreateSession")
            .WithSummary("Open a session; the timeout is negotiated between 2 and 20 ticks")
            .Accepts<CreateSessionRequest>("application/json", "*/*")
            .Produces<SessionDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List)
            .WithName("ListSessions")
            .WithSummary("Every open session with its timeout and ephemeral nodes; long-poll with ?index=N&wait=30s for a session or ephemeral change")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces<List<SessionDto>>(StatusCodes.Status200OK);
        group.MapGet("/{id}", Get)
            .WithName("GetSession")
            .WithSummary("A session with the ephemeral nodes it owns")
            .Produces<SessionDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}/keepalive", KeepAlive)
            .WithName("KeepAliveSession")
            .WithSummary("Reset the session's expiry timer")
            .Produces<SessionDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", CloseAsync)
            .WithName("CloseSession")
            .WithSummary("Close the session; its ephemeral nodes are deleted in the same transaction")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RegistryServer server)
    {
        var body = await BodyReader.ReadAsync(http.Request, 64 * 1024, http.RequestAborted);
        var request = body.Length == 0 ? new CreateSessionRequest(DefaultTimeoutMs) : JsonSerializer.Deserialize(body, ApiJsonContext.Default.CreateSessionRequest);
        if (request is null || request.TimeoutMs <= 0)
        {
            return ApiProblem.BadRequest("BadArguments", "timeoutMs must be a positive number of milliseconds");
        }

        var (id, timeout) = await server.Sessions.CreateAsync(request.TimeoutMs);
        ZnodeEndpoints.SetIndex(http, server.LastZxid);
        return TypedResults.Created($"/v1/sessions/{SessionIds.Format(id)}", new SessionDto(SessionIds.Format(id), timeout, []));
    }

    /// <param name="index">Long poll: wait until a session opens or closes, or a node is created or deleted, after this X-Registry-Index.</param>
    /// <param name="wait">Longest wait of a long poll ("30s", "5m"; default 5m, capped at 10m).</param>
    private static async Task<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<List<SessionDto>>> List(
        HttpContext http, RegistryServer server, SessionFeed feed, long? index, string? wait)
    {
        if (index is { } after)
        {
            if (!WaitDuration.TryParse(wait, out var duration))
            {
                throw new KeeperException(ErrorCode.BadArguments, $"wait '{wait}' is not a duration such as 30s or 5m");
            }

            await feed.WaitAsync(after, WaitDuration.WithJitter(duration), server.Time, http.RequestAborted);
        }

        // The index is read before the list, so a change racing with the read is answered again, never lost.
        ZnodeEndpoints.SetIndex(http, server.LastZxid);
        var sessions = server.Tree.Sessions
            .OrderBy(s => s.Key)
            .Select(s => new SessionDto(SessionIds.Format(s.Key), s.Value, server.Tree.EphemeralsOf(s.Key)))
            .ToList();
        return TypedResults.Json(sessions, ApiJsonContext.Default.ListSessionDto);
    }

    /// <param name="id">Session id in hex.</param>
    private static IResult Get(HttpContext http, RegistryServer server, string id)
    {
        var sessionId = Parse(id);
        if (!server.Tree.Sessions.TryGetValue(sessionId, out var timeout))
        {
            return NotFound(sessionId);
        }

        ZnodeEndpoints.SetIndex(http, server.LastZxid);
        return TypedResults.Json(new SessionDto(id, timeout, server.Tree.EphemeralsOf(sessionId)), ApiJsonContext.Default.SessionDto);
    }

    /// <param name="id">Session id in hex.</param>
    private static IResult KeepAlive(HttpContext http, RegistryServer server, string id)
    {
        var sessionId = Parse(id);
        if (!server.Sessions.Touch(sessionId) || !server.Tree.Sessions.TryGetValue(sessionId, out var timeout))
        {
            return NotFound(sessionId);
        }

        ZnodeEndpoints.SetIndex(http, server.LastZxid);
        return TypedResults.Json(new SessionDto(id, timeout, null), ApiJsonContext.Default.SessionDto);
    }

    /// <param name="id">Session id in hex.</param>
    private static async Task<IResult> CloseAsync(HttpContext http, RegistryServer server, string id)
    {
        var sessionId = Parse(id);
        var result = await server.Sessions.CloseAsync(sessionId);
        if (!result.IsSuccess)
        {
            return result.Error == ErrorCode.SessionExpired ? NotFound(sessionId) : ApiProblem.From(result.Error, result.Message!);
        }

        ZnodeEndpoints.SetIndex(http, result.Zxid);
        return TypedResults.NoContent();
    }

    private static long Parse(string id) =>
        SessionIds.TryParse(id, out var sessionId) ? sessionId : throw new KeeperException(ErrorCode.BadArguments, $"'{id}' is not a hex session id");

    private static IResult NotFound(long sessionId) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, nameof(ErrorCode.SessionExpired), $"session {SessionIds.Format(sessionId)} does not exist or has expired", (int)ErrorCode.SessionExpired);
}
