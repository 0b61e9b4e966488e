using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Contracts;
using Registry.Api.Http;
using Registry.Server;
using Registry.Server.Pipeline;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Api.Endpoints;

/// <summary>/v1/znodes/{path}: read, long-poll, create, set data or ACL, delete.</summary>
public static class ZnodeEndpoints
{
    public static IEndpointRouteBuilder MapZnodes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/znodes").WithTags("Znodes");
        group.MapGet("/{**path}", GetAsync)
            .WithName("GetZnode")
            .WithSummary("Read a node's data, children (?children) or ACL (?acl); long-poll with ?index=N&wait=30s")
            .Produces<NodeDto>(StatusCodes.Status200OK, "application/json", "application/octet-stream")
            .Produces<ChildrenDto>(StatusCodes.Status200OK)
            .Produces<AclDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{**path}", CreateAsync)
            .WithName("CreateZnode")
            .WithSummary("Create a node; the body is its data. Ephemeral modes need X-Registry-Session")
            .Accepts<byte[]>("application/octet-stream", "*/*")
            .Produces<WrittenDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPut("/{**path}", SetAsync)
            .WithName("SetZnode")
            .WithSummary("Replace a node's data (body), or its ACL with ?acl (JSON body); ?version=N makes it conditional")
            .Accepts<byte[]>("application/octet-stream", "*/*")
            .Produces<WrittenDto>(StatusCodes.Status200OK)
            .Produces<AclDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{**path}", DeleteAsync)
            .WithName("DeleteZnode")
            .WithSummary("Delete a node (?version=N conditional, ?recursive=true for its whole subtree)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <param name="path">The znode path after /v1/znodes/.</param>
    /// <param name="children">Present: answer the sorted child names instead of the data.</param>
    /// <param name="acl">Present: answer the node's ACL.</param>
    /// <param name="index">Long poll: wait for a change with a zxid above this X-Registry-Index.</param>
    /// <param name="wait">Longest wait of a long poll ("30s", "5m"; default 5m, capped at 10m).</param>
    /// <param name="consistent">Present: first catch up with every write admitted before the read.</param>
    private static async Task<IResult> GetAsync(
        HttpContext http, RegistryServer server, string? path, string? children, string? acl, long? index, string? wait, string? consistent)
    {
        var znode = ZnodePaths.FromRoute(path);
        var caller = CallerContext.From(http, server);
        var query = http.Request.Query;
        if (query.ContainsKey("consistent"))
        {
            await server.SyncAsync();
        }

        if (query.ContainsKey("acl"))
        {
            var (entries, aclStat) = server.GetAcl(caller, znode);
            SetIndex(http, server.LastZxid);
            return TypedResults.Json(new AclDto(znode, AclText.ToDtos(entries), StatDto.From(aclStat)), ApiJsonContext.Default.AclDto);
        }

        var wantChildren = query.ContainsKey("children");
        NodeRead read;
        if (index is { } after)
        {
            if (!WaitDuration.TryParse(wait, out var duration))
            {
                throw new KeeperException(ErrorCode.BadArguments, $"wait '{wait}' is not a duration such as 30s or 5m");
            }

            read = await server.WaitForNodeAsync(caller, znode, wantChildren, after, WaitDuration.WithJitter(duration), http.RequestAborted);
        }
        else
        {
            read = wantChildren ? server.GetChildren(caller, znode) : server.GetData(caller, znode);
        }

        SetIndex(http, read.Index);
        if (wantChildren)
        {
            return TypedResults.Json(new ChildrenDto(znode, read.Children!, StatDto.From(read.Stat)), ApiJsonContext.Default.ChildrenDto);
        }

        return WantsOctets(http.Request)
            ? TypedResults.Bytes(read.Data, "application/octet-stream")
            : TypedResults.Json(new NodeDto(znode, read.Data, StatDto.From(read.Stat)), ApiJsonContext.Default.NodeDto);
    }

    /// <param name="path">The znode path (for sequential modes, the prefix).</param>
    /// <param name="mode">persistent (default), persistent_sequential, ephemeral, ephemeral_sequential, container, persistent_ttl, persistent_sequential_ttl.</param>
    /// <param name="ttl">TTL in milliseconds, for the TTL modes.</param>
    /// <param name="acl">ACL as zkCli text, e.g. world:anyone:cdrwa,digest:bob:hash:r (default world:anyone:cdrwa).</param>
    private static async Task<IResult> CreateAsync(HttpContext http, RegistryServer server, string? path, string? mode, long? ttl, string? acl)
    {
        var znode = ZnodePaths.FromRoute(path);
        var caller = CallerContext.From(http, server);
        var createMode = CreateModes.Parse(mode);
        var entries = acl is not null ? AclText.Parse(acl) : AclFromHeader(http.Request) ?? AclEntry.OpenUnsafe;
        var data = await BodyReader.ReadAsync(http.Request, server.Options.MaxDataBytes, http.RequestAborted);
        var result = await server.WriteAsync(caller, new CreateOp(znode, data, entries, createMode, ttl ?? 0));
        if (!result.IsSuccess)
        {
            return ApiProblem.From(result.Error, result.Message!);
        }

        SetIndex(http, result.Zxid);
        var created = result.Result.Path!;
        return TypedResults.Created("/v1/znodes" + created, new WrittenDto(created, StatDto.From(result.Result.Stat!.Value)));
    }

    /// <param name="path">The znode path.</param>
    /// <param name="version">Expected data version (or aversion with ?acl); -1 or absent means any.</param>
    /// <param name="acl">Present: the JSON body is the new ACL, [{"perms":"cdrwa","scheme":"world","id":"anyone"}].</param>
    private static async Task<IResult> SetAsync(HttpContext http, RegistryServer server, string? path, int? version, string? acl)
    {
        var znode = ZnodePaths.FromRoute(path);
        var caller = CallerContext.From(http, server);
        var body = await BodyReader.ReadAsync(http.Request, server.Options.MaxDataBytes, http.RequestAborted);
        WriteResult result;
        if (http.Request.Query.ContainsKey("acl"))
        {
            var dtos = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ListAclEntryDto)
                ?? throw new KeeperException(ErrorCode.InvalidAcl, "the ACL body must be a JSON list");
            result = await server.WriteAsync(caller, new SetAclOp(znode, AclText.FromDtos(dtos), version ?? -1));
            if (result.IsSuccess)
            {
                SetIndex(http, result.Zxid);
                var (entries, stat) = server.GetAcl(RequestContext.System, znode);
                return TypedResults.Json(new AclDto(znode, AclText.ToDtos(entries), StatDto.From(stat)), ApiJsonContext.Default.AclDto);
            }
        }
        else
        {
            result = await server.WriteAsync(caller, new SetDataOp(znode, body, version ?? -1));
            if (result.IsSuccess)
            {
                SetIndex(http, result.Zxid);
                return TypedResults.Json(new WrittenDto(znode, StatDto.From(result.Result.Stat!.Value)), ApiJsonContext.Default.WrittenDto);
            }
        }

        return ApiProblem.From(result.Error, result.Message!);
    }

    /// <param name="path">The znode path.</param>
    /// <param name="version">Expected data version of the node; -1 or absent means any.</param>
    /// <param name="recursive">true: delete the whole subtree (atomically up to 1,000 nodes).</param>
    private static async Task<IResult> DeleteAsync(HttpContext http, RegistryServer server, string? path, int? version, bool? recursive)
    {
        var znode = ZnodePaths.FromRoute(path);
        var caller = CallerContext.From(http, server);
        var result = recursive == true
            ? await server.DeleteRecursiveAsync(caller, znode, version ?? -1)
            : await server.WriteAsync(caller, new DeleteOp(znode, version ?? -1));
        if (!result.IsSuccess)
        {
            return ApiProblem.From(result.Error, result.Message!);
        }

        SetIndex(http, result.Zxid);
        return TypedResults.NoContent();
    }

    private static IReadOnlyList<AclEntry>? AclFromHeader(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(RegistryHeaders.Acl, out var header))
        {
            return null;
        }

        var dtos = JsonSerializer.Deserialize(header.ToString(), ApiJsonContext.Default.ListAclEntryDto)
            ?? throw new KeeperException(ErrorCode.InvalidAcl, $"{RegistryHeaders.Acl} must be a JSON list");
        return AclText.FromDtos(dtos);
    }

    private static bool WantsOctets(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/octet-stream", StringComparison.OrdinalIgnoreCase));

    internal static void SetIndex(HttpContext http, long index) =>
        http.Response.Headers[RegistryHeaders.Index] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
