using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

/// <summary>Request bodies the tests send, written field by field like a client would.</summary>
internal static class Requests
{
    public static Action<JuteWriter> Create(string path, string data = "", int flags = 0, long? ttl = null) => w =>
    {
        w.WriteString(path);
        w.WriteBuffer(System.Text.Encoding.UTF8.GetBytes(data));
        w.WriteInt(1);
        w.WriteInt(31);
        w.WriteString("world");
        w.WriteString("anyone");
        w.WriteInt(flags);
        if (ttl is { } t)
        {
            w.WriteLong(t);
        }
    };

    public static Action<JuteWriter> PathWatch(string path, bool watch = false) => w =>
    {
        w.WriteString(path);
        w.WriteBool(watch);
    };

    public static Action<JuteWriter> Path(string path) => w => w.WriteString(path);

    public static Action<JuteWriter> PathInt(string path, int value) => w =>
    {
        w.WriteString(path);
        w.WriteInt(value);
    };

    public static Action<JuteWriter> SetData(string path, string data, int version = -1) => w =>
    {
        w.WriteString(path);
        w.WriteBuffer(System.Text.Encoding.UTF8.GetBytes(data));
        w.WriteInt(version);
    };

    public static Stat ReadStat(ref JuteReader reader) => StatCodec.Read(ref reader);

    public static WatchedEventFields ReadEvent(Frame frame)
    {
        var r = frame.Reader();
        return new WatchedEventFields(r.ReadInt(), r.ReadInt(), r.ReadString()!);
    }
}

public readonly record struct WatchedEventFields(int Type, int State, string Path);
