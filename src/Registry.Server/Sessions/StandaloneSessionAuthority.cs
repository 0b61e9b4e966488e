namespace Registry.Server.Sessions;

/// <summary>A standalone server is the only one there is: it expires its sessions, and nothing else reports any.</summary>
public sealed class StandaloneSessionAuthority : ISessionAuthority
{
    public static readonly StandaloneSessionAuthority Instance = new();

    public bool ExpiresSessions => true;

    public event Action<long, int>? SessionOpened
    {
        add { }
        remove { }
    }

    public event Action<long>? SessionEnded
    {
        add { }
        remove { }
    }

    public event Action<IReadOnlyList<long>>? TouchesReceived
    {
        add { }
        remove { }
    }

    public event Action? AuthorityGained
    {
        add { }
        remove { }
    }

    public void Touched(long sessionId)
    {
    }
}
