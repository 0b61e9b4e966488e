// The deploy tooling (helm, setpriv, the image's paths) is Linux's.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Registry.Deploy.Tests.Tooling;

/// <summary>Where the repository's files and the installed deploy tooling are.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "registry");

    public static string Dockerfile => Path.Combine(Root, "Dockerfile");

    public static string DockerIgnore => Path.Combine(Root, ".dockerignore");

    /// <summary>The Node.js validators (package.json and scripts), installed by scripts/setup.d/50-deploy.sh.</summary>
    public static string NodeTools => Path.Combine(Root, "tests", "Registry.Deploy.Tests", "tools");

    /// <summary>helm, as linked by scripts/setup.d/50-deploy.sh into its cache.</summary>
    public static string Helm
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("REGISTRY_TOOLS_CACHE")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "registry-tools");
            var helm = Path.Combine(cache, "bin", "helm");
            return File.Exists(helm) ? helm : throw new InvalidOperationException($"{helm} is missing: run ./scripts/setup.sh");
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Registry.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Registry.sln not found above the test binaries");
    }
}
