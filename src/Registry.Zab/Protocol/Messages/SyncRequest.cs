namespace Registry.Zab.Protocol.Messages;

/// <summary>Learner to leader: ZooKeeper's sync; answered once every proposal the leader had made is committed.</summary>
public sealed record SyncRequest(long RequestId) : ZabMessage
{
    public override MessageType Type => MessageType.SyncRequest;
}
