namespace Registry.Zab.Protocol.Codec;

/// <summary>
/// What the receiver knows to validate frames: the ensemble's ids (null accepts any), its own id, its
/// acceptedEpoch (older LEADERINFO/NEWLEADER are stale) and the largest frame it buffers.
/// </summary>
public sealed record FrameDecodeContext(IReadOnlySet<long>? KnownSenders, long SelfId, long MinimumEpoch, int MaxFrameBytes = FrameDecodeContext.DefaultMaxFrameBytes)
{
    /// <summary>Large enough for a proposal carrying ZooKeeper's 1 MiB znode limit plus a multi's overhead.</summary>
    public const int DefaultMaxFrameBytes = 4 * 1024 * 1024;

    /// <summary>No membership or epoch checks: for tools and tests that only need the format.</summary>
    public static FrameDecodeContext AnySender { get; } = new(null, long.MinValue, 0);

    /// <summary>The context for frames arriving at <paramref name="node"/> now (its acceptedEpoch changes over time).</summary>
    public static FrameDecodeContext For(ZabNode node, IReadOnlySet<long> peerIds)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new FrameDecodeContext(peerIds, node.Id, node.AcceptedEpoch);
    }
}
