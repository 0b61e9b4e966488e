using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Catalog.Documents;
using Registry.Catalog.Index;
using Registry.Catalog.Layout;
using Registry.Server;
using Registry.Server.Sessions;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Catalog.Sessions;

/// <summary>
/// Keeps alive the sessions the registry holds on behalf of clients: the session of every instance
/// registered through the Consul API, and Consul sessions until their own TTL lapses without a renew.
/// A renew rewrites the session's settings znode, so it is replicated and its mtime (the leader's clock) is the
/// last renew on every server. Only the server that expires sessions closes lapsed ones, counting at the earliest
/// from when it gained that authority: like Consul's leader, a new leader gives every session a full TTL.
/// </summary>
public sealed class SessionKeeper : BackgroundService
{
    private readonly RegistryServer _server;
    private readonly ServiceCatalog _catalog;
    private readonly ISessionAuthority _authority;
    private readonly ILogger<SessionKeeper> _logger;
    private long _authoritySinceMs;

    public SessionKeeper(RegistryServer server, ServiceCatalog catalog, ISessionAuthority authority, ILogger<SessionKeeper> logger)
    {
        _server = server;
        _catalog = catalog;
        _authority = authority;
        _logger = logger;
        _authoritySinceMs = NowMs;
        _authority.AuthorityGained += OnAuthorityGained;
    }

    private long NowMs => _server.Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Restarts a session's TTL (Consul's session renew); false when the session does not exist. A session without
    /// Consul settings (an instance's session) is only touched.
    /// </summary>
    public async Task<bool> RenewAsync(long sessionId)
    {
        if (sessionId == 0 || !_server.Sessions.Touch(sessionId))
        {
            return false;
        }

        var path = CatalogPaths.Session(sessionId);
        if (!_server.Tree.TryGetData(path, out var data, out _))
        {
            return true;
        }

        var result = await _server.WriteAsync(new RequestContext(sessionId, RequestContext.System.Identities), new SetDataOp(path, data));
        return result.IsSuccess || result.Error != ErrorCode.NoNode;
    }

    /// <summary>One pass: touch what is kept; the session authority closes Consul sessions past their TTL.</summary>
    public async Task KeepAsync()
    {
        foreach (var entry in _catalog.AllEntries())
        {
            if (entry.Document.RegistrySession)
            {
                _server.Sessions.Touch(entry.Instance.SessionId);
            }
        }

        var expires = _authority.ExpiresSessions;
        foreach (var (sessionId, document) in _catalog.ConsulSessions)
        {
            if (expires && Lapsed(sessionId, document))
            {
                _logger.LogInformation("Session 0x{SessionId:x} was not renewed within its TTL {Ttl}", sessionId, document.Ttl);
                await _server.Sessions.CloseAsync(sessionId);
            }
            else
            {
                _server.Sessions.Touch(sessionId);
            }
        }
    }

    private bool Lapsed(long sessionId, SessionDocument document)
    {
        if (!GoDuration.TryParse(document.Ttl, out var ttl) || ttl <= TimeSpan.Zero
            || !_server.Tree.TryGetStat(CatalogPaths.Session(sessionId), out var stat))
        {
            return false;
        }

        var renewedMs = Math.Max(stat.Mtime, Volatile.Read(ref _authoritySinceMs));
        return NowMs - renewedMs > (long)ttl.TotalMilliseconds;
    }

    /// <summary>Raised on the replication loop: only note the moment.</summary>
    private void OnAuthorityGained() => Volatile.Write(ref _authoritySinceMs, NowMs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A third of the shortest session timeout: a kept session never comes near its deadline.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_server.Options.MinSessionTimeoutMs / 3.0), _server.Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await KeepAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Keeping registry sessions alive failed; retrying on the next tick");
            }
        }
    }

    public override void Dispose()
    {
        _authority.AuthorityGained -= OnAuthorityGained;
        base.Dispose();
    }
}
