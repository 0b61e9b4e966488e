using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Protocol;

/// <summary>The behaviour of one role; <see cref="ZabNode"/> swaps it in its Become methods only.</summary>
internal abstract class Role
{
    public abstract ZabStatus Status { get; }

    public abstract void Step(long from, ZabMessage message);

    public abstract void Tick();

    public virtual void Disconnected(long peer) { }

    public virtual void LogDurable() { }

    public virtual bool AcceptSnapshot(long from, long zxid) => false;

    public virtual ProposeResult Propose(ReadOnlyMemory<byte> payload) => ProposeResult.Refused(ProposeRefusal.NotActiveLeader);

    public virtual bool Forward(ReadOnlyMemory<byte> request) => false;

    public virtual bool RequestSync(long requestId) => false;

    public virtual void TouchSessions(ReadOnlyMemory<byte> touches) { }
}
