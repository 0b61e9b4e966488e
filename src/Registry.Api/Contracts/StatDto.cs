using Registry.Tree;

namespace Registry.Api.Contracts;

/// <summary>ZooKeeper's Stat; ephemeralOwner is the owning session id in hex ("0" when none) so it survives JavaScript numbers.</summary>
public sealed record StatDto(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    string EphemeralOwner, int DataLength, int NumChildren, long Pzxid)
{
    public static StatDto From(Stat s) => new(
        s.Czxid, s.Mzxid, s.Ctime, s.Mtime, s.Version, s.Cversion, s.Aversion,
        SessionIds.Format(s.EphemeralOwner), s.DataLength, s.NumChildren, s.Pzxid);
}
