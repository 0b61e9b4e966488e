using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Helm;

/// <summary>
/// Rendered manifests against the Kubernetes API schemas (tools/validate-manifests.mjs: the JSON schemas and
/// TypeScript types that kubernetes-models generates from the Kubernetes OpenAPI document), so that a typo or a
/// wrong type is caught here rather than by the API server.
/// </summary>
public sealed class ManifestSchemaTests
{
    [Theory]
    [InlineData("")]
    [InlineData("observers.replicas=2 serviceMonitor.enabled=true")]
    [InlineData("replicas=1 persistence.storageClassName=fast service.type=LoadBalancer imagePullSecrets[0].name=pull")]
    public async Task Rendered_manifests_match_the_kubernetes_schemas(string settings)
    {
        var manifests = await Chart.RenderAsync(settings.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var result = await ValidateAsync(manifests.Yaml);

        Assert.True(result.ExitCode == 0, result.Describe("validate-manifests"));
        Assert.Contains($"{manifests.Objects.Count} object(s) checked, 0 problem(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_rejects_unknown_fields_wrong_types_and_unknown_kinds()
    {
        var manifests = await Chart.RenderAsync("serviceMonitor.enabled=true");
        var broken = manifests.Yaml
            .Replace("publishNotReadyAddresses:", "publishNotReadyAddress:", StringComparison.Ordinal)
            .Replace("maxUnavailable: 1", "maxUnavailable: [1]", StringComparison.Ordinal)
            .Replace("scrapeTimeout: 10s", "scrapeTimeOut: 10s", StringComparison.Ordinal)
            .Replace("kind: StatefulSet", "kind: StatefulSets", StringComparison.Ordinal);

        var result = await ValidateAsync(broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Service/registry-peers: Object literal may only specify known properties, and '\"publishNotReadyAddress\"' does not exist", result.Output, StringComparison.Ordinal);
        Assert.Contains("PodDisruptionBudget/registry: data/spec/maxUnavailable", result.Output, StringComparison.Ordinal);
        Assert.Contains("ServiceMonitor/registry: Object literal may only specify known properties, and '\"scrapeTimeOut\"' does not exist", result.Output, StringComparison.Ordinal);
        Assert.Contains("StatefulSets/registry: no schema for apps/v1 StatefulSets", result.Output, StringComparison.Ordinal);
    }

    private static Task<ToolResult> ValidateAsync(string yaml) =>
        Tool.RunAsync("node", [Path.Combine(Repository.NodeTools, "validate-manifests.mjs")], Repository.NodeTools, input: yaml);
}
