namespace Registry.Deploy.Tests.Helm;

/// <summary>values.schema.json and the templates' own checks refuse values that would deploy a broken ensemble.</summary>
public sealed class ChartValuesSchemaTests
{
    [Theory]
    [InlineData("replicas=2", "replicas must be odd (got 2)")]
    [InlineData("replicas=4", "replicas must be odd (got 4)")]
    [InlineData("replicas=0", "at '/replicas': minimum: got 0, want 1")]
    [InlineData("replicas=three", "at '/replicas'")]
    [InlineData("observers.replicas=-1", "at '/observers/replicas': minimum: got -1, want 0")]
    [InlineData("ports.http=-1", "at '/ports/http': minimum: got -1, want 1")]
    [InlineData("ports.dns=0", "at '/ports/dns': minimum: got 0, want 1")]
    [InlineData("ports.zookeeper=65536", "at '/ports/zookeeper': maximum: got 65,536, want 65,535")]
    [InlineData("securityContext.runAsUser=0", "at '/securityContext/runAsUser': minimum: got 0, want 1")]
    [InlineData("image.pullPolicy=Sometimes", "at '/image/pullPolicy'")]
    [InlineData("persistence.size=lots", "at '/persistence/size'")]
    [InlineData("serviceMonitor.path=metrics", "at '/serviceMonitor/path'")]
    [InlineData("replicass=3", "additional properties 'replicass' not allowed")]
    public async Task Invalid_values_are_refused_with_the_reason(string setting, string reason)
    {
        var result = await Chart.TemplateAsync(setting);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_servers_than_ids_are_refused()
    {
        var result = await Chart.TemplateAsync("replicas=201", "observers.replicas=54");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("replicas + observers.replicas must be at most 254", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Largest_ensemble_renders()
    {
        var manifests = await Chart.RenderAsync("replicas=201", "observers.replicas=53");

        Assert.Equal(2, manifests.OfKind("StatefulSet").Count());
    }
}
