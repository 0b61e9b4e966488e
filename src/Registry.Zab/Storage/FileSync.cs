using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Registry.Zab.Storage;

/// <summary>
/// Makes writes durable. On Linux, data is synced with <c>fdatasync</c>, which skips inode metadata such as
/// mtime, so a flush into preallocated space costs one data write to the device; directories are synced with
/// <c>fsync</c> on a directory descriptor so that created, renamed and deleted entries survive power loss.
/// Elsewhere the portable full-file flush is used and directory syncs are skipped (not expressible there).
/// </summary>
internal static partial class FileSync
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // same value on x86-64 and arm64

    public static void DataSync(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(file);
            return;
        }

        if (fdatasync(file) != 0)
        {
            throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = open(directory, ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(SafeFileHandle fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
