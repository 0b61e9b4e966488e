namespace Registry.Server.Ensemble.Transport;

/// <summary>
/// Where the transport reports what happens on peer connections. For one peer the calls come strictly in the order
/// Connected, Received*, Disconnected, and a later connection's Connected only after the earlier one's Disconnected.
/// Implementations must not block (they queue to the replication loop).
/// </summary>
internal interface IPeerEventSink
{
    void Connected(long peer, PeerConnection connection);

    /// <summary>One whole frame (length prefix included), checked only for its length bounds.</summary>
    void Received(long peer, PeerConnection connection, byte[] frame);

    void Disconnected(long peer, PeerConnection connection);
}
