using Registry.Server.ZooKeeper.Jute;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Server.ZooKeeper.Records;

/// <summary>Server frames: ReplyHeader (+ body) and watch notifications.</summary>
public static class ReplyFrames
{
    /// <summary>Starts a reply frame; write the body (only when err is 0) and call <see cref="JuteWriter.EndFrame"/>.</summary>
    public static void BeginReply(JuteWriter writer, int xid, long zxid, ErrorCode error)
    {
        writer.BeginFrame();
        writer.WriteInt(xid);
        writer.WriteLong(zxid);
        writer.WriteInt((int)error);
    }

    public static void HeaderOnly(JuteWriter writer, int xid, long zxid, ErrorCode error)
    {
        BeginReply(writer, xid, zxid, error);
        writer.EndFrame();
    }

    /// <summary>A notification: xid -1, the triggering zxid, then WatcherEvent(type, SyncConnected, path).</summary>
    public static void Notification(JuteWriter writer, EventType type, string path, long zxid)
    {
        BeginReply(writer, Xids.Notification, zxid, ErrorCode.Ok);
        writer.WriteInt((int)type);
        writer.WriteInt(KeeperState.SyncConnected);
        writer.WriteString(path);
        writer.EndFrame();
    }
}
