using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Tree;

namespace Registry.Api.Http;

/// <summary>Turns request-level failures into problem+json answers: ZooKeeper errors, bad HTTP input, bad JSON.</summary>
public sealed class ProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (KeeperException e) when (!context.Response.HasStarted)
        {
            await ApiProblem.From(e).ExecuteAsync(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "PayloadTooLarge" : "BadRequest";
            await ApiProblem.Create(e.StatusCode, code, e.Message, null).ExecuteAsync(context);
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await ApiProblem.BadRequest("BadJson", $"the JSON body is malformed: {e.Message}").ExecuteAsync(context);
        }
    }
}
