namespace Registry.Zab.Protocol;

/// <summary>
/// A protocol invariant does not hold (for example a leader asks to truncate committed history). It means a bug
/// or corrupted durable state, never bad input from a peer: the process must stop rather than continue.
/// </summary>
public sealed class ZabInvariantException : Exception
{
    public ZabInvariantException() { }

    public ZabInvariantException(string message) : base(message) { }

    public ZabInvariantException(string message, Exception inner) : base(message, inner) { }

    internal static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ZabInvariantException(message);
        }
    }
}
