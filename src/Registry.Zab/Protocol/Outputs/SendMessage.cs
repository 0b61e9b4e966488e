using Registry.Zab.Protocol.Messages;

namespace Registry.Zab.Protocol.Outputs;

/// <summary>Send a message to a peer, after every earlier action of the ready batch (per-peer FIFO).</summary>
public sealed record SendMessage(long To, ZabMessage Message) : ZabAction;
