using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Docker;

/// <summary>
/// The published app run as the image runs it: the ENTRYPOINT as the image's USER, configured only by the
/// image's ENV (ports and bind addresses moved to free loopback ports), the HEALTHCHECK command probing it,
/// and `docker stop`'s SIGTERM ending it cleanly.
/// </summary>
public sealed class ImageRunTests(PublishedImage image) : IClassFixture<PublishedImage>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Entrypoint_serves_as_the_image_user_passes_the_healthcheck_and_stops_on_sigterm()
    {
        var dockerfile = image.Dockerfile;
        var final = dockerfile.FinalStage;
        var user = ImageUser.Parse(dockerfile.In(final, "USER").Single().Arguments);
        var dataDir = Path.Combine(image.ScratchDirectory, "data");
        Directory.CreateDirectory(dataDir);
        await user.ChownAsync(dataDir);

        var (http, zooKeeper, dns) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var environment = ImageEnvironment(new Dictionary<string, string>
        {
            ["Registry__DataDir"] = dataDir,
            ["Registry__BindAddress"] = "127.0.0.1",
            ["Registry__HttpPort"] = Invariant(http),
            ["Registry__ZooKeeperPort"] = Invariant(zooKeeper),
            ["Registry__Dns__Port"] = Invariant(dns),
            ["Registry__Dns__BindAddress"] = "127.0.0.1",
            ["REGISTRY_ADDR"] = $"http://127.0.0.1:{Invariant(http)}",
        });
        var entrypoint = DockerfileModel.ExecForm(dockerfile.In(final, "ENTRYPOINT").Single().Arguments);
        var healthcheck = HealthcheckCommand(dockerfile.In(final, "HEALTHCHECK").Single().Arguments);

        using var server = Process.Start(user.StartInfo(OnImagePath(entrypoint[0], environment), entrypoint[1..], environment, image.AppDirectory))!;
        var output = new List<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? "");
            }

            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        server.OutputDataReceived += collect;
        server.ErrorDataReceived += collect;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var first = await Task.WhenAny(listening.Task, server.WaitForExitAsync(), Task.Delay(Deadline));
            Assert.True(first == listening.Task, $"the entrypoint did not start listening:\n{Joined(output)}");

            if (ImageUser.Switches)
            {
                Assert.Matches($@"(?m)^Uid:\s+{user.Uid}\s", await File.ReadAllTextAsync($"/proc/{server.Id}/status"));
            }

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(http)}"), Timeout = Deadline };
            using var ready = await client.GetAsync("/v1/status/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("standalone", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("mode").GetString());
            using var live = await client.GetAsync("/v1/status/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            // Registry__DataDir is where the server keeps its state, written as the image's user.
            Assert.True(File.Exists(Path.Combine(dataDir, "registry.pid")), $"nothing written to {dataDir}");

            var healthy = await RunAsImageAsync(user, healthcheck, environment);
            Assert.True(healthy.ExitCode == 0, healthy.Describe("HEALTHCHECK"));
            Assert.Contains("Mode: standalone", healthy.Output, StringComparison.Ordinal);

            // docker stop sends SIGTERM and waits: the server drains and exits 0.
            var term = await Tool.RunAsync("kill", ["-TERM", Invariant(server.Id)]);
            Assert.True(term.ExitCode == 0, term.Describe("kill -TERM"));
            using (var stopped = new CancellationTokenSource(Deadline))
            {
                await server.WaitForExitAsync(stopped.Token);
            }

            Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode} after SIGTERM:\n{Joined(output)}");

            var unhealthy = await RunAsImageAsync(user, healthcheck, environment);
            Assert.Equal(1, unhealthy.ExitCode);
            Assert.Contains("cannot reach the registry", unhealthy.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
        }
    }

    /// <summary>The final stage's ENV with /app mapped to the published directory, then the test's overrides; HOME is unwritable, as on a read-only root.</summary>
    private Dictionary<string, string> ImageEnvironment(Dictionary<string, string> overrides)
    {
        var environment = image.Dockerfile.Environment(image.Dockerfile.FinalStage);
        Assert.Contains("/app", environment["PATH"].Split(':'));
        environment["PATH"] = string.Join(':', environment["PATH"].Split(':').Select(d => d == "/app" ? image.AppDirectory : d));
        environment["HOME"] = image.AppDirectory;
        foreach (var (key, value) in overrides)
        {
            Assert.True(environment.ContainsKey(key), $"the Dockerfile sets no {key}");
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Resolves a command the way the image's PATH does; only /app holds programs of ours.</summary>
    private string OnImagePath(string command, Dictionary<string, string> environment) =>
        environment["PATH"].Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(p => p.StartsWith(image.AppDirectory, StringComparison.Ordinal) && File.Exists(p))
        ?? throw new Xunit.Sdk.XunitException($"{command} is not on the image's PATH");

    private async Task<ToolResult> RunAsImageAsync(ImageUser user, string[] command, Dictionary<string, string> environment)
    {
        using var process = Process.Start(user.StartInfo(OnImagePath(command[0], environment), command[1..], environment, image.AppDirectory))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await output, await error);
    }

    /// <summary>"HEALTHCHECK [--option=value ...] CMD [exec form]" -> the command.</summary>
    private static string[] HealthcheckCommand(string arguments) =>
        DockerfileModel.ExecForm(arguments[(arguments.IndexOf("CMD ", StringComparison.Ordinal) + 4)..].Trim());

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Joined(List<string> lines)
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
