using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Tree;

namespace Registry.Api.Consul.Http;

/// <summary>
/// Keeps Consul's error convention on every /v1 Consul route: plain-text bodies with Consul's status codes,
/// instead of the native API's problem+json.
/// </summary>
public sealed class ConsulErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JsonException e)
        {
            return ConsulResults.BadRequest($"Request decode failed: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return ConsulResults.Text(e.StatusCode, e.Message);
        }
        catch (KeeperException e)
        {
            return e.Code switch
            {
                ErrorCode.NoAuth => ConsulResults.Text(StatusCodes.Status403Forbidden, "Permission denied"),
                ErrorCode.BadArguments => ConsulResults.BadRequest(e.Message),
                ErrorCode.NoNode => ConsulResults.NotFound(e.Message),
                _ => ConsulResults.Error(e.Message),
            };
        }
    }
}
