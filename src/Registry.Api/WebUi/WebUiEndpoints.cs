using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Registry.Api.WebUi;

/// <summary>
/// Serves the web UI bundle (built from web/ into the output's ui/ folder) at /ui. Assets carry a content hash
/// in their names and are cached for good; index.html is revalidated on every load so a new build shows at once.
/// Any other /ui/* path answers index.html, where the UI's own router takes over (znode names may contain dots,
/// so "looks like a file" cannot tell a page from an asset; only assets/ can).
/// </summary>
public static class WebUiEndpoints
{
    public const string BasePath = "/ui";
    private const string AssetsFolder = "assets/";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Where the build copies the bundle.</summary>
    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, "ui");

    /// <summary>Maps /ui when the bundle exists; false (and nothing mapped) when the build skipped the UI.</summary>
    public static bool MapWebUi(this WebApplication app, string root)
    {
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            return false;
        }

        var files = new PhysicalFileProvider(root);
        app.MapGet(BasePath, (HttpContext http) => Serve(http, files, "index.html")).ExcludeFromDescription();
        app.MapGet(BasePath + "/{**route}", (HttpContext http, string? route) => Serve(http, files, route ?? "")).ExcludeFromDescription();
        return true;
    }

    private static IResult Serve(HttpContext http, PhysicalFileProvider files, string route)
    {
        // The provider refuses paths that leave the root (.., absolute paths) by answering "not found".
        var file = route.Length > 0 ? files.GetFileInfo(route) : null;
        if (file is { Exists: true, IsDirectory: false, PhysicalPath: { } path })
        {
            var asset = route.StartsWith(AssetsFolder, StringComparison.Ordinal);
            http.Response.Headers[HeaderNames.CacheControl] = asset ? Immutable : Revalidate;
            var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            return Results.File(path, type, lastModified: file.LastModified);
        }

        if (route.StartsWith(AssetsFolder, StringComparison.Ordinal))
        {
            // A missing hashed asset is a stale reference, not a page: answering HTML would break the caller quietly.
            return Results.NotFound();
        }

        http.Response.Headers[HeaderNames.CacheControl] = Revalidate;
        return Results.File(files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8", lastModified: files.GetFileInfo("index.html").LastModified);
    }
}
