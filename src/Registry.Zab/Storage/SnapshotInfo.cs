namespace Registry.Zab.Storage;

/// <summary>A snapshot file that verified: the zxid it was taken at, its path and the length of its body.</summary>
public sealed record SnapshotInfo(long Zxid, string Path, long BodyLength);
