using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Contracts;
using Registry.Api.Http;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Api.Endpoints;

/// <summary>POST /v1/multi: several writes applied atomically under one zxid, or none of them.</summary>
public static class MultiEndpoints
{
    /// <summary>Bodies of a multi may carry many payloads; they are still bounded.</summary>
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapMulti(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/multi", MultiAsync)
            .WithTags("Znodes")
            .WithName("Multi")
            .WithSummary("Apply create/delete/set/check operations atomically; on failure nothing is applied and each op's outcome is reported")
            .Accepts<List<MultiOpDto>>("application/json", "*/*")
            .Produces<MultiResponseDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> MultiAsync(HttpContext http, RegistryServer server)
    {
        var caller = CallerContext.From(http, server);
        var body = await BodyReader.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        var dtos = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ListMultiOpDto)
            ?? throw new KeeperException(ErrorCode.BadArguments, "the body must be a JSON list of operations");
        var ops = dtos.Select((d, i) => ToOp(d, i)).ToList();
        var result = await server.WriteAsync(caller, new MultiOp(ops));
        if (!result.IsSuccess)
        {
            var failed = result.MultiResults?.Select((r, i) => new MultiResultDto(dtos[i].Op, null, null, r.Error.ToString())).ToList();
            return ApiProblem.From(result.Error, result.Message!, failed);
        }

        ZnodeEndpoints.SetIndex(http, result.Zxid);
        var results = result.MultiResults!
            .Select((r, i) => new MultiResultDto(dtos[i].Op, r.Path ?? dtos[i].Path, r.Stat is { } s ? StatDto.From(s) : null, null))
            .ToList();
        return TypedResults.Json(new MultiResponseDto(result.Zxid, results), ApiJsonContext.Default.MultiResponseDto);
    }

    private static WriteOp ToOp(MultiOpDto dto, int index)
    {
        if (dto is null || string.IsNullOrEmpty(dto.Path))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"operation {index} needs a path");
        }

        return dto.Op switch
        {
            "create" => new CreateOp(dto.Path, dto.Data ?? [], dto.Acl is { } acl ? AclText.FromDtos(acl) : AclEntry.OpenUnsafe, CreateModes.Parse(dto.Mode), dto.Ttl ?? 0),
            "delete" => new DeleteOp(dto.Path, dto.Version ?? -1),
            "set" => new SetDataOp(dto.Path, dto.Data ?? [], dto.Version ?? -1),
            "check" => new CheckOp(dto.Path, dto.Version ?? -1),
            _ => throw new KeeperException(ErrorCode.BadArguments, $"operation {index}: unknown op '{dto.Op}' (use create, delete, set or check)"),
        };
    }
}
