using Registry.Server.ZooKeeper.Jute;
using Registry.Tree;

namespace Registry.Server.ZooKeeper.Records;

/// <summary>Stat on the wire: 68 bytes in ZooKeeper's (not alphabetical) field order.</summary>
public static class StatCodec
{
    public const int Size = 68;

    public static void Write(JuteWriter writer, in Stat stat)
    {
        writer.WriteLong(stat.Czxid);
        writer.WriteLong(stat.Mzxid);
        writer.WriteLong(stat.Ctime);
        writer.WriteLong(stat.Mtime);
        writer.WriteInt(stat.Version);
        writer.WriteInt(stat.Cversion);
        writer.WriteInt(stat.Aversion);
        writer.WriteLong(stat.EphemeralOwner);
        writer.WriteInt(stat.DataLength);
        writer.WriteInt(stat.NumChildren);
        writer.WriteLong(stat.Pzxid);
    }

    public static Stat Read(ref JuteReader reader) => new(
        reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadInt(), reader.ReadInt(),
        reader.ReadInt(), reader.ReadLong(), reader.ReadInt(), reader.ReadInt(), reader.ReadLong());
}
