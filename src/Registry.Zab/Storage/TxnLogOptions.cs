namespace Registry.Zab.Storage;

/// <summary>Tuning of a <see cref="TxnLog"/>.</summary>
public sealed record TxnLogOptions
{
    /// <summary>
    /// The log file grows by writing zeros in chunks of this many bytes, so that a flush inside the chunk
    /// changes no file size or block allocation and <c>fdatasync</c> writes data only. 0 disables it.
    /// The flush that crosses a chunk also syncs the chunk's zeros: small chunks keep that stall short
    /// (ZooKeeper preallocates 64 MiB; writing and syncing that many zeros took 35–70 ms on this machine).
    /// </summary>
    public long PreallocateBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest payload <see cref="TxnLog.Append"/> accepts. Recovery does not apply it, so lowering it never
    /// makes records already written unreadable.
    /// </summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>A record that would take its file past this size starts a new file (a file holds at least one record).</summary>
    public long RollOverBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>When false, nothing is synced to disk: for tests and benchmarks only.</summary>
    public bool Fsync { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(PreallocateBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecordBytes, LogFormat.MaxPayloadBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RollOverBytes, LogFormat.FileHeaderSize);
    }
}
