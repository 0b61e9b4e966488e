namespace Registry.Zab.Storage;

/// <summary>
/// The transaction log holds damage that recovery must not repair by cutting, because records after it were
/// already durable (an invalid record in a file that is not the last, zxids out of order, a file that does not
/// match its name). Recovering from it takes an operator, or a SNAP from the leader.
/// </summary>
public sealed class CorruptLogException : Exception
{
    public CorruptLogException(string fileName, long offset, string problem)
        : base($"Transaction log {fileName} is corrupt at offset {offset}: {problem}.")
    {
        FileName = fileName;
        Offset = offset;
    }

    /// <summary>Path of the damaged log file.</summary>
    public string FileName { get; }

    /// <summary>Byte offset in <see cref="FileName"/> of the record (or header, at 0) that is damaged.</summary>
    public long Offset { get; }
}
