namespace Registry.Zab.Protocol.Messages;

/// <summary>The wire type byte of each peer message; values are part of the frame format and never reused.</summary>
public enum MessageType : byte
{
    Notification = 1,
    FollowerInfo = 10,
    LeaderInfo = 11,
    AckEpoch = 12,
    Diff = 20,
    Trunc = 21,
    SnapshotChunk = 22,
    NewLeader = 23,
    UpToDate = 24,
    Proposal = 30,
    Ack = 31,
    Commit = 32,
    Inform = 33,
    Ping = 40,
    Request = 41,
    SyncRequest = 42,
    SyncReply = 43,
}
