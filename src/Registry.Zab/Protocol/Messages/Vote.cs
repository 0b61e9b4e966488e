namespace Registry.Zab.Protocol.Messages;

/// <summary>
/// A proposed leader with the history it would lead from. Votes order by (epoch, zxid, server id): the server
/// with the most recent history wins, the highest id breaks ties.
/// </summary>
public readonly record struct Vote(long Leader, long Zxid, long PeerEpoch) : IComparable<Vote>
{
    public int CompareTo(Vote other)
    {
        var byEpoch = PeerEpoch.CompareTo(other.PeerEpoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }

        var byZxid = Zxid.CompareTo(other.Zxid);
        return byZxid != 0 ? byZxid : Leader.CompareTo(other.Leader);
    }

    public static bool operator >(Vote left, Vote right) => left.CompareTo(right) > 0;

    public static bool operator <(Vote left, Vote right) => left.CompareTo(right) < 0;

    public static bool operator >=(Vote left, Vote right) => left.CompareTo(right) >= 0;

    public static bool operator <=(Vote left, Vote right) => left.CompareTo(right) <= 0;
}
