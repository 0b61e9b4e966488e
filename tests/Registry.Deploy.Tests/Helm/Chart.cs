using System.Text.Json.Nodes;
using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Helm;

/// <summary>charts/registry through the real helm binary.</summary>
internal static class Chart
{
    public const string Release = "registry";

    public const string Namespace = "prod";

    /// <summary>`helm template` with --set values; the result is what helm printed and its exit code.</summary>
    public static Task<ToolResult> TemplateAsync(params string[] settings) =>
        Tool.RunAsync(Repository.Helm, ["template", Release, Repository.Chart, "--namespace", Namespace, .. settings.SelectMany(s => new[] { "--set", s })]);

    /// <summary>Renders and parses the manifests, failing the test when helm refuses the values.</summary>
    public static async Task<Manifests> RenderAsync(params string[] settings)
    {
        var result = await TemplateAsync(settings);
        Assert.True(result.ExitCode == 0, result.Describe("helm template"));
        return new Manifests(result.Output, YamlDocuments.Parse(result.Output));
    }

    public static Task<ToolResult> LintAsync(params string[] settings) =>
        Tool.RunAsync(Repository.Helm, ["lint", "--strict", Repository.Chart, "--namespace", Namespace, .. settings.SelectMany(s => new[] { "--set", s })]);
}

/// <summary>Rendered objects, looked up by kind and name.</summary>
internal sealed record Manifests(string Yaml, IReadOnlyList<JsonObject> Objects)
{
    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} among: {string.Join(", ", Objects.Select(Describe))}");

    public JsonObject? Find(string kind, string name) =>
        Objects.SingleOrDefault(o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name);

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    private static string Describe(JsonObject o) => $"{o["kind"]} {o["metadata"]?["name"]}";
}
