using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Server;

namespace Registry.Catalog.Sessions;

/// <summary>
/// Keeps alive the sessions the registry holds on behalf of clients: the session of every instance
/// registered through the Consul API, and Consul sessions (until their own TTL lapses without a renew,
/// when they are closed). Sessions recovered after a restart are picked up from the index, so they survive it.
/// </summary>
public sealed class SessionKeeper(RegistryServer server, ServiceCatalog catalog, ILogger<SessionKeeper> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _renewed = new();

    /// <summary>A Consul session's TTL starts again (session renew).</summary>
    public void Renew(long sessionId) => _renewed[sessionId] = server.Time.GetUtcNow();

    /// <summary>One pass: touch what is kept, close Consul sessions past their TTL.</summary>
    public async Task KeepAsync()
    {
        foreach (var entry in catalog.AllEntries())
        {
            if (entry.Document.RegistrySession)
            {
                server.Sessions.Touch(entry.Instance.SessionId);
            }
        }

        var now = server.Time.GetUtcNow();
        foreach (var (sessionId, document) in catalog.ConsulSessions)
        {
            var renewed = _renewed.GetOrAdd(sessionId, now);
            if (GoDuration.TryParse(document.Ttl, out var ttl) && ttl > TimeSpan.Zero && now - renewed > ttl)
            {
                logger.LogInformation("Session 0x{SessionId:x} was not renewed within its TTL {Ttl}", sessionId, document.Ttl);
                _renewed.TryRemove(sessionId, out _);
                await server.Sessions.CloseAsync(sessionId);
            }
            else
            {
                server.Sessions.Touch(sessionId);
            }
        }

        foreach (var sessionId in _renewed.Keys.Where(id => !catalog.ConsulSessions.ContainsKey(id)))
        {
            _renewed.TryRemove(sessionId, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A third of the shortest session timeout: a kept session never comes near its deadline.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(server.Options.MinSessionTimeoutMs / 3.0), server.Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await KeepAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Keeping registry sessions alive failed; retrying on the next tick");
            }
        }
    }
}
