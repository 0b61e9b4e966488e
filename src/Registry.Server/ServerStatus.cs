using Registry.Server.Ensemble.Status;

namespace Registry.Server;

/// <summary>What <c>/v1/status</c> and <c>registry status</c> report.</summary>
public sealed record ServerStatus(
    string Mode,
    int ServerId,
    long LastZxid,
    int NodeCount,
    int SessionCount,
    int EphemeralCount,
    int WatchCount,
    int PendingWrites,
    string Version,
    long? LeaderId = null,
    long Epoch = 0,
    IReadOnlyList<PeerStatus>? Peers = null);
