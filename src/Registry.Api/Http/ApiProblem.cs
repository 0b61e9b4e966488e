using Microsoft.AspNetCore.Http;
using Registry.Api.Contracts;
using Registry.Tree;

namespace Registry.Api.Http;

/// <summary>Maps ZooKeeper error codes to HTTP statuses and problem+json bodies.</summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static int StatusFor(ErrorCode code) => code switch
    {
        ErrorCode.NoNode => StatusCodes.Status404NotFound,
        ErrorCode.NodeExists or ErrorCode.BadVersion or ErrorCode.NotEmpty => StatusCodes.Status409Conflict,
        ErrorCode.NoAuth or ErrorCode.AuthFailed => StatusCodes.Status403Forbidden,
        ErrorCode.SessionExpired or ErrorCode.UnknownSession => StatusCodes.Status410Gone,
        ErrorCode.BadArguments or ErrorCode.InvalidAcl or ErrorCode.NoChildrenForEphemerals or ErrorCode.MarshallingError
            or ErrorCode.RuntimeInconsistency => StatusCodes.Status400BadRequest,
        ErrorCode.Unimplemented => StatusCodes.Status501NotImplemented,
        ErrorCode.ThrottledOp or ErrorCode.ConnectionLoss => StatusCodes.Status503ServiceUnavailable,
        ErrorCode.OperationTimeout or ErrorCode.RequestTimeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult From(KeeperException e, IReadOnlyList<MultiResultDto>? results = null) => From(e.Code, e.Message, results);

    public static IResult From(ErrorCode code, string detail, IReadOnlyList<MultiResultDto>? results = null) =>
        Create(StatusFor(code), code.ToString(), detail, (int)code, results);

    /// <summary>A problem that is not a ZooKeeper error (malformed input at the HTTP layer).</summary>
    public static IResult BadRequest(string code, string detail) => Create(StatusCodes.Status400BadRequest, code, detail, null);

    public static IResult Create(int status, string code, string detail, int? zkCode, IReadOnlyList<MultiResultDto>? results = null) =>
        TypedResults.Json(
            new ProblemDto($"https://registry.dev/errors/{code}", Title(status), status, detail, code, zkCode, results),
            ApiJsonContext.Default.ProblemDto,
            ContentType,
            status);

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        410 => "Session gone",
        413 => "Payload too large",
        501 => "Not implemented",
        503 => "Unavailable",
        504 => "Timed out",
        _ => "Server error",
    };
}
