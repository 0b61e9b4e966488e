namespace Registry.Api.Tests;

/// <summary>openapi/openapi.json is generated from the app; set REGISTRY_UPDATE_OPENAPI=1 to rewrite it after an API change.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Checked_in_openapi_document_matches_the_app()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            var generated = (await registry.Client.GetStringAsync("/swagger/v1/swagger.json")).ReplaceLineEndings("\n").TrimEnd() + "\n";
            var file = Path.Combine(RepositoryRoot(), "openapi", "openapi.json");
            if (Environment.GetEnvironmentVariable("REGISTRY_UPDATE_OPENAPI") == "1")
            {
                await File.WriteAllTextAsync(file, generated);
            }

            Assert.True(File.Exists(file), "openapi/openapi.json is missing: run the tests once with REGISTRY_UPDATE_OPENAPI=1");
            Assert.True(
                generated == (await File.ReadAllTextAsync(file)).ReplaceLineEndings("\n"),
                "openapi/openapi.json differs from the API the code serves: rerun with REGISTRY_UPDATE_OPENAPI=1 and review the diff");
            Assert.Contains("/v1/znodes/{path}", generated, StringComparison.Ordinal);
            Assert.Contains("/v1/events", generated, StringComparison.Ordinal);
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var registry = await TestRegistry.StartAsync();
        try
        {
            var page = await registry.Client.GetStringAsync("/swagger/index.html");
            Assert.Contains("swagger-ui", page, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await registry.DestroyAsync();
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Registry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Registry.sln not found above the test binaries");
    }
}
