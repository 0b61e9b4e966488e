using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Helm;

/// <summary>`helm lint --strict` (templates render, Chart.yaml and values are well-formed) and the install notes.</summary>
public sealed class ChartLintTests
{
    [Theory]
    [InlineData("")]
    [InlineData("observers.replicas=2 serviceMonitor.enabled=true")]
    [InlineData("replicas=1")]
    public async Task Chart_passes_strict_lint(string settings)
    {
        var result = await Chart.LintAsync(settings.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(result.ExitCode == 0, result.Describe("helm lint --strict"));
        Assert.Contains("0 chart(s) failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_notes_tell_how_to_reach_the_ui_api_swagger_and_dns()
    {
        var result = await Tool.RunAsync(Repository.Helm, ["install", Chart.Release, Repository.Chart, "--namespace", Chart.Namespace, "--dry-run=client"]);

        Assert.True(result.ExitCode == 0, result.Describe("helm install --dry-run=client"));
        var notes = result.Output[result.Output.IndexOf("NOTES:", StringComparison.Ordinal)..];
        Assert.Contains("kubectl -n prod port-forward svc/registry 8500:8500", notes, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8500/ui", notes, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8500/swagger", notes, StringComparison.Ordinal);
        Assert.Contains("http://registry.prod.svc.cluster.local:8500/v1/status", notes, StringComparison.Ordinal);
        Assert.Contains("dig @registry-dns.prod.svc.cluster.local -p 8600 web.service.consul. SRV", notes, StringComparison.Ordinal);
    }
}
