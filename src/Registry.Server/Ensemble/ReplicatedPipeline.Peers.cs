using Microsoft.Extensions.Logging;
using Registry.Server.Ensemble.Replication;
using Registry.Server.Ensemble.Status;
using Registry.Server.Ensemble.Transport;
using Registry.Tree.Snapshots;
using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Codec;
using Registry.Zab.Protocol.Messages;

namespace Registry.Server.Ensemble;

/// <summary>Peer links as the loop sees them, frame decoding, session touches and the published status.</summary>
public sealed partial class ReplicatedPipeline
{
    // Owned by the loop: the connection each peer's messages go to, connections whose frames are no longer trusted,
    // snapshots being received, and what this server last heard of each peer's log.
    private readonly Dictionary<long, PeerConnection> _links = [];
    private readonly HashSet<PeerConnection> _rejected = [];
    private readonly Dictionary<long, MemoryStream> _incomingSnapshots = [];
    private readonly Dictionary<long, long> _peerZxids = [];
    private volatile ReplicationStatus _published = ReplicationStatus.Standalone;
    private bool _statusDirty;

    public event Action<long, int>? SessionOpened;

    public event Action<long>? SessionEnded;

    public event Action<IReadOnlyList<long>>? TouchesReceived;

    public event Action? AuthorityGained;

    public event Action? Changed;

    public event Action? Progressed;

    public bool ExpiresSessions => _leading;

    public ReplicationStatus Current => _published;

    /// <summary>Learner: remembers the touch for the next ping. The leader's own touches already reached its tracker.</summary>
    public void Touched(long sessionId)
    {
        if (!_leading)
        {
            _touched.TryAdd(sessionId, 0);
        }
    }

    private void ForwardTouches()
    {
        if (_touched.IsEmpty || _leading)
        {
            _touched.Clear();
            return;
        }

        var ids = new List<long>(_touched.Count);
        foreach (var id in _touched.Keys)
        {
            if (_touched.TryRemove(id, out _))
            {
                ids.Add(id);
            }
        }

        _node.TouchSessions(SessionTouches.Encode(ids));
    }

    private void Send(long to, ZabMessage message)
    {
        if (_links.TryGetValue(to, out var link))
        {
            link.Send(ZabFrameCodec.Encode(_options.ServerId, message));
        }
    }

    private void OnPeerUp(long peer, PeerConnection connection)
    {
        _links[peer] = connection;
        MarkStatusChanged();
    }

    private void OnPeerDown(long peer, PeerConnection connection)
    {
        if (_links.TryGetValue(peer, out var current) && current == connection)
        {
            _links.Remove(peer);
        }

        _rejected.Remove(connection);
        if (_incomingSnapshots.Remove(peer, out var partial))
        {
            partial.Dispose();
        }

        _node.Disconnected(peer);
        MarkStatusChanged();
    }

    private async Task OnFrameAsync(long peer, PeerConnection connection, byte[] frame)
    {
        if (_rejected.Contains(connection))
        {
            return;
        }

        // Decoded here, not on the socket's thread, because validity depends on the node's acceptedEpoch now.
        var decoded = ZabFrameCodec.Decode(frame, FrameDecodeContext.For(_node, _peerIds));
        if (decoded.Status != FrameDecodeStatus.Complete || decoded.Sender != peer || decoded.BytesConsumed != frame.Length)
        {
            _logger.LogWarning("Dropping the connection to server {Peer}: {Error} {Detail}", peer, decoded.Error, decoded.Detail ?? $"frame from {decoded.Sender}");
            _rejected.Add(connection);
            connection.Close();
            return;
        }

        switch (decoded.Message)
        {
            case SnapshotChunk chunk:
                await OnSnapshotChunkAsync(peer, connection, chunk);
                return;
            case Ack ack:
                _peerZxids[peer] = ack.Zxid;
                break;
            case Proposal proposal:
                _peerZxids[peer] = proposal.Zxid;
                break;
        }

        _node.Step(peer, decoded.Message!);
    }

    private async Task OnSnapshotChunkAsync(long peer, PeerConnection connection, SnapshotChunk chunk)
    {
        if (!_incomingSnapshots.TryGetValue(peer, out var buffer))
        {
            _incomingSnapshots[peer] = buffer = new MemoryStream();
        }

        buffer.Write(chunk.Data.Span);
        if (!chunk.Last)
        {
            return;
        }

        _incomingSnapshots.Remove(peer);
        TreeSnapshot snapshot;
        await using (buffer)
        {
            buffer.Position = 0;
            try
            {
                snapshot = TreeSnapshot.ReadFrom(buffer);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                _logger.LogWarning("Server {Peer} sent an unreadable snapshot ({Error}); dropping the connection", peer, e.Message);
                _rejected.Add(connection);
                connection.Close();
                return;
            }
        }

        if (snapshot.Zxid != chunk.Zxid)
        {
            _logger.LogWarning("Server {Peer} sent a snapshot at {Actual} announced as {Announced}; dropping the connection", peer, Zxid.Format(snapshot.Zxid), Zxid.Format(chunk.Zxid));
            _rejected.Add(connection);
            connection.Close();
            return;
        }

        await InstallStateAsync(peer, chunk.Zxid, snapshot);
    }

    private void MarkStatusChanged() => _statusDirty = true;

    private void InitPeerStatus() => _published = BuildStatus();

    /// <summary>
    /// Publishes the status when the role, leader or a connection changed (raising <see cref="Changed"/>), and on
    /// every tick so that the zxids and lags it reports stay fresh without a rebuild per acknowledgement (raising
    /// <see cref="Progressed"/> when they moved).
    /// </summary>
    private void PublishStatus(bool refresh)
    {
        if (!_statusDirty && !refresh)
        {
            return;
        }

        var previous = _published;
        _published = BuildStatus();
        if (_statusDirty)
        {
            _statusDirty = false;
            Changed?.Invoke();
        }
        else if (!(previous.Peers ?? []).SequenceEqual(_published.Peers ?? []))
        {
            Progressed?.Invoke();
        }
    }

    private ReplicationStatus BuildStatus()
    {
        var status = _status;
        var self = _options.ServerId;
        var leading = status.Role == ZabRole.Leading && status.LeaderId == self;
        var last = _node.LastZxid;
        var peers = _peers.Entries.Select(entry =>
        {
            if (entry.Id == self)
            {
                return new PeerStatus(entry.Id, entry.Address, ModeName(status), last, leading ? 0 : null, "self", !entry.IsObserver, entry.QuorumAddress);
            }

            var connected = _links.ContainsKey(entry.Id);
            var known = _peerZxids.TryGetValue(entry.Id, out var zxid);
            var role = status.IsActive && entry.Id == status.LeaderId ? "leader"
                : leading && connected && known ? (entry.IsObserver ? "observer" : "follower")
                : "unknown";
            long? lag = leading && known && Zxid.EpochOf(zxid) == Zxid.EpochOf(last) ? last - zxid : null;
            return new PeerStatus(entry.Id, entry.Address, role, known ? zxid : 0, lag, connected ? "connected" : "disconnected", !entry.IsObserver, entry.QuorumAddress);
        }).ToList();
        return new ReplicationStatus(ModeName(status), status.IsActive ? status.LeaderId : null, status.Epoch, peers);
    }

    /// <summary>Only a server in broadcast serves as leader, follower or observer; anything before that is looking.</summary>
    private static string ModeName(ZabStatus status) => status.IsActive ? RoleName(status.Role) : "looking";

    private static string RoleName(ZabRole role) => role switch
    {
        ZabRole.Leading => "leader",
        ZabRole.Following => "follower",
        ZabRole.Observing => "observer",
        _ => "looking",
    };
}
