using System.Runtime.InteropServices;

namespace Registry.Cli.Hosting;

/// <summary>
/// kill(2) with SIGTERM: the server's host turns it into a graceful shutdown that drains the write pipeline
/// (Process.Kill would send SIGKILL and lose that).
/// </summary>
internal static partial class Sigterm
{
    private const int Signal = 15;

    /// <returns>0 when the signal was sent, otherwise the errno (ESRCH: no such process, EPERM: not ours to signal).</returns>
    public static int Send(int pid) => Kill(pid, Signal) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
