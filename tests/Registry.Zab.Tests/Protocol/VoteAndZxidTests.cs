using Registry.Zab.Protocol;
using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Tests.Protocol;

public sealed class VoteAndZxidTests
{
    [Fact]
    public void Votes_order_by_epoch_then_zxid_then_server_id()
    {
        var low = new Vote(Leader: 9, Zxid: Zxid.Make(1, 500), PeerEpoch: 1);
        var newerEpoch = new Vote(Leader: 1, Zxid: Zxid.Make(1, 1), PeerEpoch: 2);
        var longerHistory = new Vote(Leader: 1, Zxid: Zxid.Make(1, 501), PeerEpoch: 1);
        var higherId = new Vote(Leader: 10, Zxid: Zxid.Make(1, 500), PeerEpoch: 1);

        Assert.True(newerEpoch > low);
        Assert.True(longerHistory > low);
        Assert.True(higherId > low);
        Assert.True(newerEpoch > longerHistory);
        Assert.Equal(0, low.CompareTo(low with { }));
    }

    [Fact]
    public void Zxid_packs_epoch_high_and_counter_low()
    {
        var zxid = Zxid.Make(3, 7);
        Assert.Equal((3L << 32) | 7, zxid);
        Assert.Equal(3, Zxid.EpochOf(zxid));
        Assert.Equal(7, Zxid.CounterOf(zxid));
        Assert.Equal("0x3:7", Zxid.Format(zxid));
        Assert.True(Zxid.Make(2, Zxid.MaxCounter) < Zxid.Make(3, 0));
    }

    [Fact]
    public void Zxid_rejects_out_of_range_parts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Zxid.Make(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Zxid.Make(Zxid.MaxEpoch + 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Zxid.Make(1, Zxid.MaxCounter + 1));
    }
}
