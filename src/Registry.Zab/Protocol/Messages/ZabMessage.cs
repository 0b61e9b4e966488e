namespace Registry.Zab.Protocol.Messages;

/// <summary>A message between two servers of the ensemble. The sender's id travels in the frame, not in the message.</summary>
public abstract record ZabMessage
{
    public abstract MessageType Type { get; }
}
