using Registry.Zab.Protocol.Leading;

namespace Registry.Zab.Tests.Protocol;

public sealed class QuorumAckTests
{
    [Theory]
    [InlineData(new long[] { 5, 9, 7 }, 2, 7L)]
    [InlineData(new long[] { 5, 9, 7, 1, 3 }, 3, 5L)]
    [InlineData(new long[] { 4, 4, 4 }, 2, 4L)]
    [InlineData(new long[] { 9 }, 1, 9L)]
    public void The_commit_point_is_the_highest_zxid_a_quorum_acked(long[] acks, int quorum, long expected) =>
        Assert.Equal(expected, QuorumAck.Of(acks, quorum));

    [Fact]
    public void Fewer_acks_than_a_quorum_commit_nothing() => Assert.Null(QuorumAck.Of([9, 9], 3));
}
