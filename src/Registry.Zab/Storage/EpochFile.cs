using System.Globalization;

namespace Registry.Zab.Storage;

/// <summary>
/// One persisted epoch (ZooKeeper's acceptedEpoch / currentEpoch files) as decimal text in the data directory,
/// replaced atomically: written to a temporary file, fsynced, renamed over the old one, directory fsynced.
/// </summary>
public sealed class EpochFile(string directory, string name)
{
    private readonly string _path = Path.Combine(directory, name);

    /// <summary>The stored epoch, 0 when the file does not exist yet.</summary>
    public long Read()
    {
        if (!File.Exists(_path))
        {
            return 0;
        }

        var text = File.ReadAllText(_path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : throw new InvalidDataException($"{_path} does not hold an epoch: '{text}'");
    }

    public void Write(long epoch)
    {
        Directory.CreateDirectory(directory);
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(epoch.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
        FileSync.SyncDirectory(directory);
    }
}
