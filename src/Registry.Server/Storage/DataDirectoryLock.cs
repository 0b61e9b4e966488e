namespace Registry.Server.Storage;

/// <summary>
/// Holds <c>{DataDir}/registry.lock</c> open exclusively (an flock on Linux) for the server's lifetime, so a
/// second server on the same data directory is refused instead of interleaving its writes into the same log.
/// The kernel drops the lock when the process dies, even by kill -9.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "registry.lock");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new IOException($"the data directory {Path.GetFullPath(dataDir)} is in use by another registry server", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
