using System.Diagnostics;

namespace Registry.Cli.Hosting;

/// <summary>Checks that the process a pid file names is still the registry server that wrote it, before it is signalled.</summary>
internal static class ServerProcess
{
    // Process start times are derived from boot time and jiffies, so they are only accurate to a few milliseconds.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(1);

    /// <returns>Why the process must not be signalled, or null when it is the server.</returns>
    public static string? WhyNotTheServer(Process process, PidFile pidFile)
    {
        if (!MentionsRegistry(process))
        {
            return $"process {process.Id} ({process.ProcessName}) is not a registry server";
        }

        // A process that started after the pid file was written got a recycled pid.
        return process.StartTime.ToUniversalTime() > pidFile.WrittenUtc + ClockSlack
            ? $"process {process.Id} started after {pidFile.Path} was written, so it is not the server that wrote it"
            : null;
    }

    /// <summary>The apphost is named "registry"; under `dotnet registry.dll` or `dotnet run` only the command line says so.</summary>
    private static bool MentionsRegistry(Process process)
    {
        if (process.ProcessName.Contains("registry", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            var commandLine = $"/proc/{process.Id}/cmdline";
            return File.Exists(commandLine) && File.ReadAllText(commandLine).Contains("registry", StringComparison.OrdinalIgnoreCase);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
