namespace Registry.Tree.Prepare;

/// <summary>Limits Prepare enforces on every front door.</summary>
public sealed record PreparerOptions
{
    /// <summary>Largest znode payload (ZooKeeper's jute.maxbuffer default is 1 MiB).</summary>
    public int MaxDataBytes { get; init; } = 1024 * 1024;

    /// <summary>Longest path accepted, in UTF-16 code units.</summary>
    public int MaxPathLength { get; init; } = 4096;

    /// <summary>TTL nodes (ZooKeeper's extendedTypesEnabled); when off, TTL creates answer Unimplemented.</summary>
    public bool TtlEnabled { get; init; } = true;

    /// <summary>Most operations in one multi.</summary>
    public int MaxMultiOps { get; init; } = 1000;
}
