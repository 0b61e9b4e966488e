using Registry.Server.ZooKeeper.Jute;
using Registry.Tree.Acl;

namespace Registry.Server.ZooKeeper.Records;

/// <summary>vector&lt;ACL&gt;: each entry is perms (int) then Id (scheme, id).</summary>
public static class AclCodec
{
    /// <summary>Reads an ACL list; a null vector reads as empty (which the create/setACL checks reject as INVALIDACL).</summary>
    public static List<AclEntry> Read(ref JuteReader reader)
    {
        var count = reader.ReadVectorCount(12);
        var acl = new List<AclEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var perms = reader.ReadInt();
            var scheme = reader.ReadString();
            var id = reader.ReadString();
            acl.Add(new AclEntry((Perms)perms, new Id(scheme ?? "", id ?? "")));
        }

        return acl;
    }

    public static void Write(JuteWriter writer, IReadOnlyList<AclEntry> acl)
    {
        writer.WriteInt(acl.Count);
        foreach (var entry in acl)
        {
            writer.WriteInt((int)entry.Perms);
            writer.WriteString(entry.Id.Scheme);
            writer.WriteString(entry.Id.Value);
        }
    }
}
