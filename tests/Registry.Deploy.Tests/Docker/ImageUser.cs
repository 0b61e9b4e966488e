using System.Diagnostics;
using System.Globalization;

namespace Registry.Deploy.Tests.Docker;

/// <summary>
/// Runs a program the way the image does: as the Dockerfile's USER (through setpriv when the tests run as root),
/// with only the image's environment plus the test's overrides, and a HOME it cannot write, as on the read-only
/// root file system the chart mounts.
/// </summary>
internal sealed record ImageUser(int Uid, int Gid)
{
    public static ImageUser Parse(string user)
    {
        var parts = user.Split(':');
        var uid = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return new ImageUser(uid, parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : uid);
    }

    /// <summary>Only root can switch users; anyone else already runs unprivileged.</summary>
    public static bool Switches => Environment.IsPrivilegedProcess;

    public ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(Switches ? "setpriv" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (Switches)
        {
            foreach (var arg in new[] { $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--", program })
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public async Task ChownAsync(string path)
    {
        if (Switches)
        {
            var result = await Tooling.Tool.RunAsync("chown", [$"{Uid}:{Gid}", path]);
            Assert.True(result.ExitCode == 0, result.Describe("chown"));
        }
    }
}
