namespace Registry.Api.Endpoints;

/// <summary>The znode path is the URL path after /v1/znodes ("" is the root).</summary>
public static class ZnodePaths
{
    public static string FromRoute(string? path) => "/" + (path ?? "").TrimEnd('/');
}
