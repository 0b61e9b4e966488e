namespace Registry.Server.Sessions;

/// <summary>
/// Who decides that sessions expire. Standalone: this server, always. In an ensemble: only the established leader;
/// the other servers forward their clients' touches to it and learn of opened and ended sessions from the
/// transactions they apply. The events are raised on the replication loop and must not block.
/// </summary>
public interface ISessionAuthority
{
    /// <summary>Whether this server expires sessions now.</summary>
    bool ExpiresSessions { get; }

    /// <summary>A client of this server showed a sign of life; an ensemble member carries it to the leader.</summary>
    void Touched(long sessionId);

    /// <summary>A createSession transaction was applied (session id, negotiated timeout in ms).</summary>
    event Action<long, int>? SessionOpened;

    /// <summary>A closeSession transaction was applied.</summary>
    event Action<long>? SessionEnded;

    /// <summary>Leader: another server's clients touched these sessions.</summary>
    event Action<IReadOnlyList<long>>? TouchesReceived;

    /// <summary>This server became the one that expires sessions: every live session gets a full timeout again.</summary>
    event Action? AuthorityGained;
}
