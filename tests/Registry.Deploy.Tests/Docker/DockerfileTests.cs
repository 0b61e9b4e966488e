using System.Globalization;
using Registry.Deploy.Tests.Helm;
using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Docker;

/// <summary>The Dockerfile's contract, read from the file itself, linted by a real Dockerfile linter, and checked against the chart.</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Load(Repository.Dockerfile);

    private static int Final => Dockerfile.FinalStage;

    [Fact]
    public async Task Dockerfile_passes_the_linter()
    {
        var result = await Lint(Repository.Dockerfile);

        Assert.True(result.ExitCode == 0 && result.Output.Trim().Length == 0, result.Describe("dockerfile-utils lint"));
    }

    [Fact]
    public async Task Linter_reports_broken_instructions()
    {
        var broken = Path.Combine(Directory.CreateTempSubdirectory("registry-dockerfile-").FullName, "Dockerfile");
        try
        {
            await File.WriteAllTextAsync(broken, "FROM scratch\nEXPOSE 8600/udpx\nHEALTHCHECK --interval=soon CMD [\"registry\", \"status\"]\n");

            var result = await Lint(broken);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Invalid proto: udpx", result.Output, StringComparison.Ordinal);
            Assert.Contains("invalid duration soon", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    [Fact]
    public void Image_is_built_by_the_sdk_and_runs_on_the_chiseled_aspnet_runtime()
    {
        Assert.Equal(["# syntax=docker/dockerfile:1"], Dockerfile.Directives);
        Assert.Equal(
            ["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"],
            Dockerfile.Stages.Select(DockerfileModel.BaseImage));
        Assert.Contains(Dockerfile.In(0, "RUN"), r => r.Arguments.Contains("dotnet publish src/Registry.Cli -c Release", StringComparison.Ordinal));

        // A chiseled image has no shell: the runtime stage may only copy and configure.
        Assert.Empty(Dockerfile.In(Final, "RUN"));
        Assert.All(Dockerfile.In(Final, "COPY"), c => Assert.StartsWith("--from=build", c.Arguments, StringComparison.Ordinal));
    }

    [Fact]
    public void Image_runs_the_server_unprivileged_with_its_data_on_a_volume()
    {
        var user = ImageUser.Parse(Dockerfile.In(Final, "USER").Single().Arguments);
        Assert.NotEqual(0, user.Uid);
        Assert.NotEqual(0, user.Gid);

        Assert.Equal("[\"/data\"]", Dockerfile.In(Final, "VOLUME").Single().Arguments);
        Assert.Contains(Dockerfile.In(Final, "COPY"), c => c.Arguments == $"--from=build --chown={user.Uid}:{user.Gid} /data /data");
        var env = Dockerfile.Environment(Final);
        Assert.Equal("/data", env["Registry__DataDir"]);
        Assert.Equal("0.0.0.0", env["Registry__BindAddress"]);
        Assert.Equal(["registry", "start"], DockerfileModel.ExecForm(Dockerfile.In(Final, "ENTRYPOINT").Single().Arguments));
    }

    [Fact]
    public void Exposed_ports_are_the_configured_defaults()
    {
        var env = Dockerfile.Environment(Final);
        var exposed = Dockerfile.In(Final, "EXPOSE").SelectMany(e => e.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();

        Assert.Equal(
            new HashSet<string> { $"{env["Registry__HttpPort"]}/tcp", $"{env["Registry__Dns__Port"]}/udp", $"{env["Registry__Dns__Port"]}/tcp", $"{env["Registry__ZooKeeperPort"]}/tcp", "2888/tcp", "3888/tcp" },
            exposed);
        Assert.Equal(("8500", "2181", "8600"), (env["Registry__HttpPort"], env["Registry__ZooKeeperPort"], env["Registry__Dns__Port"]));
        Assert.Equal($"http://127.0.0.1:{env["Registry__HttpPort"]}", env["REGISTRY_ADDR"]);
    }

    [Fact]
    public void Healthcheck_probes_the_server_with_the_cli_in_exec_form()
    {
        var healthcheck = Dockerfile.In(Final, "HEALTHCHECK").Single().Arguments;

        Assert.EndsWith("CMD [\"registry\", \"status\"]", healthcheck, StringComparison.Ordinal);
        Assert.Matches(@"--interval=\d+s", healthcheck);
        Assert.Matches(@"--timeout=\d+s", healthcheck);
        Assert.Matches(@"--start-period=\d+s", healthcheck);
    }

    [Fact]
    public void Build_context_holds_the_sources_and_nothing_built_or_unrelated()
    {
        var ignore = DockerIgnore.Load(Repository.DockerIgnore);

        Assert.False(ignore.Excludes("src/Registry.Cli/Program.cs"));
        Assert.False(ignore.Excludes("src/Registry.Cli/Registry.Cli.csproj"));
        Assert.False(ignore.Excludes("Directory.Build.props"));
        Assert.False(ignore.Excludes("Directory.Packages.props"));
        Assert.False(ignore.Excludes("global.json"));
        Assert.False(ignore.Excludes(".editorconfig"));
        Assert.False(ignore.Excludes("web/package.json"));
        Assert.True(ignore.Excludes("src/Registry.Cli/bin/Release/net10.0/registry.dll"));
        Assert.True(ignore.Excludes("src/Registry.Api/obj/project.assets.json"));
        Assert.True(ignore.Excludes("web/node_modules/vite/package.json"));
        Assert.True(ignore.Excludes("tests/Registry.Api.Tests/StatusEndpointTests.cs"));
        Assert.True(ignore.Excludes(".git"));
        Assert.True(ignore.Excludes("data/log.1"));
        Assert.True(ignore.Excludes("charts/registry/values.yaml"));
    }

    [Fact]
    public async Task Chart_defaults_match_the_image()
    {
        var user = ImageUser.Parse(Dockerfile.In(Final, "USER").Single().Arguments);
        var env = Dockerfile.Environment(Final);
        var sts = new StatefulSetView((await Chart.RenderAsync()).Get("StatefulSet", "registry"));

        Assert.Equal(user.Uid, (int)sts.PodSpec["securityContext"]!["runAsUser"]!);
        Assert.Equal(user.Gid, (int)sts.PodSpec["securityContext"]!["runAsGroup"]!);
        Assert.Equal(env["Registry__DataDir"], sts.Env("Registry__DataDir"));
        Assert.Equal(env["Registry__HttpPort"], sts.ContainerPort("http").ToString(CultureInfo.InvariantCulture));
        Assert.Equal(env["Registry__ZooKeeperPort"], sts.ContainerPort("zookeeper").ToString(CultureInfo.InvariantCulture));
        Assert.Equal(env["Registry__Dns__Port"], sts.ContainerPort("dns-udp").ToString(CultureInfo.InvariantCulture));
    }

    private static Task<ToolResult> Lint(string dockerfile) =>
        Tool.RunAsync(Path.Combine(Repository.NodeTools, "node_modules", ".bin", "dockerfile-utils"), ["lint", dockerfile]);
}
