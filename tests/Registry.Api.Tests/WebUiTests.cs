using System.Net;

namespace Registry.Api.Tests;

/// <summary>The UI bundle the build copies next to the server: paths, SPA fallback and caching.</summary>
public sealed class WebUiTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    [Fact]
    public async Task The_root_redirects_to_the_ui()
    {
        using var response = await _registry.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ui", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui/")]
    [InlineData("/ui/tree/services/config.json")]
    [InlineData("/ui/sessions")]
    public async Task Pages_answer_index_html_revalidated_on_every_load(string path)
    {
        using var response = await _registry.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Contains("/ui/assets/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hashed_assets_are_immutable_and_missing_ones_are_404()
    {
        var html = await _registry.Client.GetStringAsync("/ui");
        var script = System.Text.RegularExpressions.Regex.Match(html, "/ui/assets/[^\"]+\\.js").Value;
        using var asset = await _registry.Client.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.True(asset.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), asset.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var missing = await _registry.Client.GetAsync("/ui/assets/app-MISSING.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/ui/../appsettings.json")]
    [InlineData("/ui/%2e%2e/Registry.Api.dll")]
    [InlineData("/ui/%2e%2e%2fRegistry.Api.dll")]
    public async Task Paths_cannot_leave_the_bundle(string path)
    {
        using var response = await _registry.Client.GetAsync(path);
        Assert.NotEqual("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
