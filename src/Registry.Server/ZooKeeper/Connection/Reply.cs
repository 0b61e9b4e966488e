using Registry.Server.ZooKeeper.Records;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>
/// The bytes answering one request (the reply frame, preceded by any notifications that must reach the
/// client first, e.g. setWatches catch-up events), plus what the stats and the connection need to know.
/// </summary>
public sealed record Reply(byte[] Frames, OpCode Op, int Xid, long Zxid, long StartedMs, bool CloseAfter = false);
