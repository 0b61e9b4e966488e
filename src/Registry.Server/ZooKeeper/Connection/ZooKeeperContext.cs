using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Server.Sessions;
using Registry.Server.ZooKeeper.Watches;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>What every ZooKeeper connection shares: the one request API, sessions, the notification gate, stats.</summary>
public sealed class ZooKeeperContext(
    RegistryServer server,
    SessionPasswords passwords,
    NotificationGate gate,
    ConnectionRegistry connections,
    ServerStats stats,
    ILoggerFactory loggers)
{
    public RegistryServer Server { get; } = server;

    public SessionTracker Sessions => Server.Sessions;

    public ServerOptions Options => Server.Options;

    public SessionPasswords Passwords { get; } = passwords;

    public NotificationGate Gate { get; } = gate;

    public ConnectionRegistry Connections { get; } = connections;

    public ServerStats Stats { get; } = stats;

    public ILogger Logger { get; } = loggers.CreateLogger("Registry.ZooKeeper");

    public long NowMs => Server.Time.GetUtcNow().ToUnixTimeMilliseconds();
}
