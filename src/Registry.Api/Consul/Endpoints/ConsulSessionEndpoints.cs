using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Api.Http;
using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Layout;
using Registry.Catalog.Options;
using Registry.Catalog.Registration;
using Registry.Catalog.Sessions;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Api.Consul.Endpoints;

/// <summary>
/// /v1/session: Consul sessions are registry sessions kept alive by the server (until their own TTL lapses
/// without a renew); their settings live in an ephemeral znode the session owns.
/// </summary>
public static class ConsulSessionEndpoints
{
    private static readonly TimeSpan MaxTtl = TimeSpan.FromSeconds(86400);

    public static RouteGroupBuilder MapConsulSessions(this RouteGroupBuilder consul)
    {
        var sessions = consul.MapGroup("/session");
        sessions.MapPut("/create", CreateAsync).WithSummary("Create a session (Consul)");
        sessions.MapPut("/destroy/{id}", DestroyAsync).WithSummary("Destroy a session; its locks are released (Consul)");
        sessions.MapPut("/renew/{id}", RenewAsync).WithSummary("Restart a session's TTL (Consul)");
        sessions.MapGet("/info/{id}", InfoAsync).WithSummary("A session (Consul; blocking)");
        sessions.MapGet("/list", ListAsync).WithSummary("Every Consul session (Consul; blocking)");
        return consul;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RegistryServer server, ConsulViews views, CatalogOptions options)
    {
        var body = await BodyReader.ReadAsync(http.Request, 64 * 1024, http.RequestAborted);
        SessionRequestDto request;
        try
        {
            request = body.Length == 0 ? new SessionRequestDto() : JsonSerializer.Deserialize(body, ConsulJsonContext.Default.SessionRequestDto) ?? new SessionRequestDto();
        }
        catch (JsonException e)
        {
            return ConsulResults.BadRequest($"Request decode failed: {e.Message}");
        }

        if (request.Ttl is { Length: > 0 } ttlText && (!GoDuration.TryParse(ttlText, out var ttl) || (ttl != TimeSpan.Zero && (ttl < options.SessionTtlMin || ttl > MaxTtl))))
        {
            return ConsulResults.BadRequest($"Invalid Session TTL '{ttlText}', must be between [{GoDuration.Format(options.SessionTtlMin)}=24h0m0s]");
        }

        var lockDelay = TimeSpan.FromSeconds(15);
        if (request.LockDelay is { Length: > 0 } delayText && !GoDuration.TryParse(delayText, out lockDelay))
        {
            return ConsulResults.BadRequest($"Invalid LockDelay '{delayText}'");
        }

        if (request.Behavior is { Length: > 0 } behavior && behavior != "release")
        {
            return ConsulResults.BadRequest($"Invalid Behavior setting '{behavior}': only 'release' is supported");
        }

        var document = new SessionDocument
        {
            Name = request.Name ?? "",
            Node = request.Node is { Length: > 0 } node ? node : views.LocalNode,
            Ttl = request.Ttl ?? "",
            LockDelayNs = (long)(lockDelay.TotalMilliseconds * 1_000_000),
        };
        var (sessionId, _) = await server.Sessions.CreateAsync(server.Options.MaxSessionTimeoutMs);
        var path = CatalogPaths.Session(sessionId);
        await TreeWrites.EnsureParentsAsync(server, path);
        var data = JsonSerializer.SerializeToUtf8Bytes(document, DocumentJson.Default.SessionDocument);
        var result = await server.WriteAsync(new RequestContext(sessionId, RequestContext.System.Identities), new CreateOp(path, data, AclEntry.OpenUnsafe, CreateMode.Ephemeral));
        if (!result.IsSuccess)
        {
            await server.Sessions.CloseAsync(sessionId);
            result.EnsureSuccess();
        }

        return ConsulResults.Json(http, new SessionCreatedDto(ConsulSessionIds.Format(sessionId)), ConsulJsonContext.Default.SessionCreatedDto);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, RegistryServer server, string id)
    {
        if (!ConsulSessionIds.TryParse(id, out var sessionId))
        {
            return ConsulResults.BadRequest($"Invalid session ID '{id}': must be a UUID");
        }

        if (sessionId != 0)
        {
            await server.Sessions.CloseAsync(sessionId);
        }

        return ConsulResults.Json(http, true, ConsulJsonContext.Default.Boolean);
    }

    private static async Task<IResult> RenewAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, SessionKeeper keeper, string id)
    {
        if (!ConsulSessionIds.TryParse(id, out var sessionId))
        {
            return ConsulResults.BadRequest($"Invalid session ID '{id}': must be a UUID");
        }

        if (!await keeper.RenewAsync(sessionId))
        {
            return ConsulResults.NotFound($"Session id '{id}' not found");
        }

        return ConsulResults.Json(http, Describe(server, catalog, sessionId), ConsulJsonContext.Default.ListConsulSessionDto);
    }

    private static async Task<IResult> InfoAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, string id)
    {
        if (!ConsulSessionIds.TryParse(id, out var sessionId))
        {
            return ConsulResults.BadRequest($"Invalid session ID '{id}': must be a UUID");
        }

        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.SessionTopic(sessionId), () => catalog.SessionsIndex);
        return error ?? ConsulResults.Json(http, Describe(server, catalog, sessionId), ConsulJsonContext.Default.ListConsulSessionDto);
    }

    private static async Task<IResult> ListAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.AnySessionTopic, () => catalog.SessionsIndex);
        return error ?? ConsulResults.Json(http, [.. catalog.ConsulSessions.Keys.Order().SelectMany(id => Describe(server, catalog, id))], ConsulJsonContext.Default.ListConsulSessionDto);
    }

    /// <summary>The session as Consul shows it (settings from its znode when it is a Consul session), or none.</summary>
    private static List<ConsulSessionDto> Describe(RegistryServer server, ServiceCatalog catalog, long sessionId)
    {
        if (sessionId == 0 || !server.Tree.Sessions.ContainsKey(sessionId))
        {
            return [];
        }

        var document = catalog.ConsulSessions.GetValueOrDefault(sessionId) ?? new SessionDocument();
        var index = server.Tree.TryGetStat(CatalogPaths.Session(sessionId), out var stat) ? stat.Czxid : 1;
        return [new ConsulSessionDto(ConsulSessionIds.Format(sessionId), document.Name, document.Node, document.LockDelayNs, document.Behavior, document.Ttl, ["serfHealth"], index, index)];
    }
}
