namespace Registry.Zab.Protocol.Messages;

/// <summary>Leader to follower: every proposal up to <see cref="Zxid"/> is committed (cumulative).</summary>
public sealed record Commit(long Zxid) : ZabMessage
{
    public override MessageType Type => MessageType.Commit;
}
