using System.Globalization;

namespace Registry.Cli.Hosting;

/// <summary>&lt;data&gt;/registry.pid: how `registry stop` finds the server that owns a data directory.</summary>
internal sealed class PidFile(string path)
{
    public const string FileName = "registry.pid";

    public string Path => path;

    /// <summary>When the server wrote it, i.e. after it was listening: its process must have started before.</summary>
    public DateTime WrittenUtc => File.GetLastWriteTimeUtc(path);

    public static PidFile In(string dataDir) => new(System.IO.Path.Combine(dataDir, FileName));

    public void Write() => File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");

    /// <returns>The process id, or null when there is no (readable) pid file.</returns>
    public int? Read()
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes the file only while it still names this process: a later server on the same directory keeps its own.</summary>
    public void DeleteIfOwned()
    {
        if (Read() == Environment.ProcessId)
        {
            File.Delete(path);
        }
    }
}
