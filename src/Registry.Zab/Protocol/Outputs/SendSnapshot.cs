namespace Registry.Zab.Protocol.Outputs;

/// <summary>
/// SNAP: stream the committed state to <see cref="To"/>. At this point of the batch the shell has applied
/// exactly up to <see cref="Zxid"/>: it captures a consistent view there and streams it as
/// <see cref="Messages.SnapshotChunk"/> frames on the link to the peer, in order with the later messages to that
/// peer (which must wait behind it), without blocking the core or other peers.
/// </summary>
public sealed record SendSnapshot(long To, long Zxid) : ZabAction;
