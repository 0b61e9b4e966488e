using System.CommandLine;
using System.Diagnostics;
using Registry.Cli.Hosting;

namespace Registry.Cli.Commands;

/// <summary>
/// `registry stop [--data DIR] [--timeout 30s]`: SIGTERM to the server named by &lt;data&gt;/registry.pid, then
/// wait for it to exit. Only that pid is ever signalled, and only once it is confirmed to be a registry server.
/// </summary>
internal sealed class StopCommand : Command
{
    private const int NoSuchProcess = 3; // ESRCH

    private readonly Option<string> _data = new("--data")
    {
        Description = "The server's data directory, which holds registry.pid",
        HelpName = "DIR",
        DefaultValueFactory = _ => "./data",
    };

    private readonly Option<TimeSpan> _timeout = new("--timeout")
    {
        Description = "How long to wait for the server to finish its shutdown (30s, 2m)",
        HelpName = "DURATION",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = Durations.Parse,
    };

    public StopCommand()
        : base("stop", "Stop the server that runs on a data directory, gracefully")
    {
        Options.Add(_data);
        Options.Add(_timeout);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken ct)
    {
        var error = result.InvocationConfiguration.Error;
        if (OperatingSystem.IsWindows())
        {
            await error.WriteLineAsync("Error: registry stop sends SIGTERM, which Windows does not have; press Ctrl-C in the server's console");
            return 1;
        }

        var pidFile = PidFile.In(result.GetRequiredValue(_data));
        if (pidFile.Read() is not { } pid)
        {
            await error.WriteLineAsync(File.Exists(pidFile.Path)
                ? $"Error: {pidFile.Path} does not hold a process id"
                : $"Error: no pid file at {pidFile.Path}: no server is running on that data directory");
            return 1;
        }

        using var process = Find(pid);
        if (process is null)
        {
            await error.WriteLineAsync($"Error: no process {pid}: {pidFile.Path} is stale");
            return 1;
        }

        if (ServerProcess.WhyNotTheServer(process, pidFile) is { } refusal)
        {
            await error.WriteLineAsync($"Error: {refusal}; not signalling it");
            return 1;
        }

        var errno = Sigterm.Send(pid);
        if (errno != 0)
        {
            await error.WriteLineAsync(errno == NoSuchProcess
                ? $"Error: process {pid} has already exited"
                : $"Error: could not signal process {pid} (errno {errno})");
            return 1;
        }

        var timeout = result.GetValue(_timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"Error: registry server {pid} did not stop within {timeout.TotalSeconds:0} s");
            return 1;
        }

        await result.InvocationConfiguration.Output.WriteLineAsync($"Stopped registry server {pid}");
        return 0;
    }

    private static Process? Find(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
