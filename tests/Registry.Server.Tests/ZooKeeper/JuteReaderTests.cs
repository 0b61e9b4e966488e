using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Server.ZooKeeper.Requests;

namespace Registry.Server.Tests.ZooKeeper;

public sealed class JuteReaderTests
{
    [Fact]
    public void Lengths_that_do_not_fit_the_frame_are_rejected_before_allocating()
    {
        Assert.Throws<JuteException>(() => new JuteReader([0x7f, 0xff, 0xff, 0xff]).ReadBuffer());
        Assert.Throws<JuteException>(() => new JuteReader([0xff, 0xff, 0xff, 0xfe]).ReadString());
        Assert.Throws<JuteException>(() => new JuteReader([0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0]).ReadStringVector());
        Assert.Null(new JuteReader([0xff, 0xff, 0xff, 0xff]).ReadString());
    }

    [Fact]
    public void The_connect_request_is_read_with_and_without_the_readOnly_byte()
    {
        var w = new JuteWriter();
        w.WriteInt(0);
        w.WriteLong(5);
        w.WriteInt(10_000);
        w.WriteLong(0);
        w.WriteBuffer(new byte[16]);
        var without = ConnectRequest.Decode(w.Written);
        w.WriteBool(true);
        var with = ConnectRequest.Decode(w.Written);
        Assert.False(without.HasReadOnlyFlag);
        Assert.True(with.HasReadOnlyFlag);
        Assert.True(with.ReadOnly);
        Assert.Equal(5, with.LastZxidSeen);
    }

    [Fact]
    public void A_multi_without_its_terminator_is_malformed()
    {
        var w = new JuteWriter();
        MultiCodec.WriteHeader(w, OpCode.Delete, Registry.Tree.ErrorCode.Ok);
        w.WriteString("/a");
        w.WriteInt(-1);
        Assert.Throws<JuteException>(() => RequestDecoder.Decode(OpCode.Multi, w.Written));
    }
}
