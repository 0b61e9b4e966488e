namespace Registry.Server.Ensemble.Status;

/// <summary>
/// Where this server stands in its ensemble: <see cref="Mode"/> is standalone, leader, follower, observer or looking;
/// <see cref="Peers"/> is null when standalone, else one entry per configured server, this one included.
/// </summary>
public sealed record ReplicationStatus(string Mode, long? LeaderId, long Epoch, IReadOnlyList<PeerStatus>? Peers)
{
    public static readonly ReplicationStatus Standalone = new("standalone", null, 0, null);
}

/// <summary>
/// One configured server as this server knows it: <see cref="Role"/> is leader, follower, observer, looking or
/// unknown; <see cref="LastZxid"/> is its last acknowledged zxid as far as known (the leader knows every learner's),
/// <see cref="Lag"/> how many proposals of the current epoch it is behind the leader (null when unknown);
/// <see cref="State"/> is self, connected or disconnected. <see cref="IsVoter"/> is false for observers, and
/// <see cref="QuorumAddress"/> (host:quorumPort) is what Consul's /v1/status/leader and /peers report.
/// </summary>
public sealed record PeerStatus(int ServerId, string Address, string Role, long LastZxid, long? Lag, string State, bool IsVoter, string QuorumAddress)
{
    /// <summary>This server, or a peer it currently has a connection to.</summary>
    public bool IsReachable => State is "self" or "connected";
}
