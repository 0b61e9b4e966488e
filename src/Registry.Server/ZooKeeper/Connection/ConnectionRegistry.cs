using System.Collections.Concurrent;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>
/// The open client connections of this server, and which one holds each session: a session reconnecting on
/// a new connection closes its old one, and a closed or expired session closes its connection.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<ClientConnection, byte> _all = new();
    private readonly ConcurrentDictionary<long, ClientConnection> _bySession = new();

    public ConnectionRegistry(Sessions.SessionTracker sessions) => sessions.SessionClosed += OnSessionClosed;

    public int Count => _all.Count;

    public IReadOnlyCollection<ClientConnection> All => [.. _all.Keys];

    /// <summary>Registers a connection with its session; a previous connection of the same session is closed.</summary>
    public void Add(ClientConnection connection)
    {
        _all[connection] = 0;
        if (connection.SessionId == 0)
        {
            return;
        }

        ClientConnection? previous = null;
        _bySession.AddOrUpdate(connection.SessionId, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        if (previous is not null && !ReferenceEquals(previous, connection))
        {
            previous.Close("the session moved to a new connection");
        }
    }

    public void Remove(ClientConnection connection)
    {
        _all.TryRemove(connection, out _);
        _bySession.TryRemove(new KeyValuePair<long, ClientConnection>(connection.SessionId, connection));
    }

    private void OnSessionClosed(long sessionId)
    {
        if (_bySession.TryGetValue(sessionId, out var connection))
        {
            connection.Close("the session was closed");
        }
    }
}
