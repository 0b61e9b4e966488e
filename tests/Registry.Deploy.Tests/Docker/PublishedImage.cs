using System.Runtime.InteropServices;
using Registry.Deploy.Tests.Tooling;

namespace Registry.Deploy.Tests.Docker;

/// <summary>
/// What the Dockerfile's build stage produces, made without a Docker engine: the build context that
/// .dockerignore lets through is copied to a scratch directory and the Dockerfile's own `dotnet publish`
/// instruction runs there, so a file missing from the context or a broken publish fails here as it would in
/// `docker build`. The runtime stage's paths (/app) map to directories of the scratch directory.
/// </summary>
public sealed class PublishedImage : IAsyncLifetime
{
    private string _scratch = "";

    public DockerfileModel Dockerfile { get; } = DockerfileModel.Load(Repository.Dockerfile);

    /// <summary>Where the image's /app is.</summary>
    public string AppDirectory => Path.Combine(_scratch, "app");

    public string ScratchDirectory => _scratch;

    public int ContextFiles { get; private set; }

    public async Task InitializeAsync()
    {
        _scratch = Directory.CreateTempSubdirectory("registry-image-").FullName;
        // The image's user must be able to reach /app, as it can in the image.
        File.SetUnixFileMode(_scratch, (UnixFileMode)0b111_101_101);
        var context = Path.Combine(_scratch, "context");
        ContextFiles = DockerIgnore.Load(Repository.DockerIgnore).CopyContext(Repository.Root, context);

        var publish = Dockerfile.In(0, "RUN").Single(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var command = publish.Arguments[publish.Arguments.IndexOf("dotnet publish", StringComparison.Ordinal)..];
        Assert.Contains(" -o /app", command, StringComparison.Ordinal);
        var result = await Tool.RunAsync(
            "bash",
            ["-c", command.Replace(" -o /app", $" -o {AppDirectory}", StringComparison.Ordinal)],
            context,
            new Dictionary<string, string> { ["TARGETARCH"] = TargetArch() });
        Assert.True(result.ExitCode == 0, result.Describe(command));
    }

    public Task DisposeAsync()
    {
        if (_scratch.Length > 0)
        {
            Directory.Delete(_scratch, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Docker's TARGETARCH for this machine, as `docker build` would pass it.</summary>
    private static string TargetArch() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"no Docker platform for {other}"),
    };
}
