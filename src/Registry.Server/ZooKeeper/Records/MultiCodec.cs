using Registry.Server.ZooKeeper.Jute;
using Registry.Tree;

namespace Registry.Server.ZooKeeper.Records;

/// <summary>MultiResponse pieces: a MultiHeader(type, done, err) per result and the done terminator.</summary>
public static class MultiCodec
{
    public static void WriteHeader(JuteWriter writer, OpCode type, ErrorCode error)
    {
        writer.WriteInt((int)type);
        writer.WriteBool(false);
        writer.WriteInt((int)error);
    }

    /// <summary>An error result: type -1, the code, then ErrorResponse with the code again.</summary>
    public static void WriteError(JuteWriter writer, ErrorCode error)
    {
        WriteHeader(writer, OpCode.Error, error);
        writer.WriteInt((int)error);
    }

    public static void WriteEnd(JuteWriter writer)
    {
        writer.WriteInt(-1);
        writer.WriteBool(true);
        writer.WriteInt(-1);
    }
}
