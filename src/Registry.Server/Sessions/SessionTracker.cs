using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Server.Sessions;

/// <summary>
/// Session lifecycle: creation with a negotiated timeout, keep-alive touches, explicit close and expiry.
/// Sessions themselves are replicated state (create/close transactions); their deadlines are not, so after
/// a restart every recovered session gets a fresh full timeout, as in ZooKeeper. In an ensemble every server tracks
/// every session (from the transactions it applies) but only the <see cref="ISessionAuthority"/> (the leader)
/// expires them, from the touches every server forwards to it.
/// </summary>
public sealed class SessionTracker
{
    private readonly IWritePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ServerOptions _options;
    private readonly ILogger<SessionTracker> _logger;
    private readonly ExpiryQueue<long> _expiry;
    private readonly ISessionAuthority _authority;
    private readonly Lock _lock = new();
    private long _nextSessionId;

    public SessionTracker(IWritePipeline pipeline, TimeProvider time, ServerOptions options, ILogger<SessionTracker> logger, ISessionAuthority? authority = null)
    {
        _pipeline = pipeline;
        _time = time;
        _options = options;
        _logger = logger;
        _expiry = new ExpiryQueue<long>(options.TickTimeMs);
        var now = Now;
        _nextSessionId = InitialSessionId(options.ServerId, now);
        foreach (var (id, timeout) in pipeline.Tree.Sessions)
        {
            _expiry.Update(id, now, timeout);
        }

        _authority = authority ?? StandaloneSessionAuthority.Instance;
        _authority.SessionOpened += OnSessionOpened;
        _authority.SessionEnded += OnSessionEnded;
        _authority.TouchesReceived += OnTouchesReceived;
        _authority.AuthorityGained += RearmAll;
    }

    /// <summary>Raised after a session was closed or expired, so front doors can drop its connections.</summary>
    public event Action<long>? SessionClosed;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _expiry.Count;
            }
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>ZooKeeper's initial session id: server id in the top byte, the clock below it, then a counter.</summary>
    public static long InitialSessionId(int serverId, long nowMs) => (long)((ulong)(nowMs << 24) >> 8) | ((long)serverId << 56);

    /// <summary>Clamps a requested timeout into [2, 20] ticks like ZooKeeper.</summary>
    public int Negotiate(int requestedMs) => Math.Clamp(requestedMs, _options.MinSessionTimeoutMs, _options.MaxSessionTimeoutMs);

    public async Task<(long Id, int TimeoutMs)> CreateAsync(int requestedTimeoutMs)
    {
        var timeout = Negotiate(requestedTimeoutMs);
        var id = Interlocked.Increment(ref _nextSessionId);
        (await _pipeline.SubmitAsync(RequestContext.System, new CreateSessionOp(id, timeout))).EnsureSuccess();
        lock (_lock)
        {
            _expiry.Update(id, Now, timeout);
        }

        return (id, timeout);
    }

    /// <summary>Keeps a session alive; false when it is unknown or already expired.</summary>
    public bool Touch(long sessionId)
    {
        if (!TouchLocally(sessionId))
        {
            return false;
        }

        _authority.Touched(sessionId);
        return true;
    }

    private bool TouchLocally(long sessionId)
    {
        if (!_pipeline.Tree.Sessions.TryGetValue(sessionId, out var timeout))
        {
            return false;
        }

        lock (_lock)
        {
            if (!_expiry.Contains(sessionId))
            {
                return false;
            }

            _expiry.Update(sessionId, Now, timeout);
            return true;
        }
    }

    public bool IsAlive(long sessionId)
    {
        lock (_lock)
        {
            return _expiry.Contains(sessionId) && _pipeline.Tree.Sessions.ContainsKey(sessionId);
        }
    }

    /// <summary>Closes a session; its ephemerals are deleted in the same transaction.</summary>
    public Task<WriteResult> CloseAsync(long sessionId)
    {
        lock (_lock)
        {
            if (!_expiry.Remove(sessionId))
            {
                return Task.FromResult(WriteResult.Failed(ErrorCode.SessionExpired, $"session 0x{sessionId:x} does not exist or has expired"));
            }
        }

        return CloseAndNotifyAsync(sessionId);
    }

    private async Task<WriteResult> CloseAndNotifyAsync(long sessionId)
    {
        var result = await _pipeline.SubmitAsync(RequestContext.System, new CloseSessionOp(sessionId));
        SessionClosed?.Invoke(sessionId);
        return result;
    }

    /// <summary>Closes every session whose deadline has passed; returns how many expired.</summary>
    public async Task<int> ExpireDueAsync()
    {
        if (!_authority.ExpiresSessions)
        {
            return 0;
        }

        List<long> expired;
        lock (_lock)
        {
            expired = _expiry.TakeExpired(Now);
        }

        foreach (var id in expired)
        {
            _logger.LogInformation("Session 0x{SessionId:x} expired", id);
            var result = await _pipeline.SubmitAsync(RequestContext.System, new CloseSessionOp(id));
            if (!result.IsSuccess && result.Error != ErrorCode.SessionExpired)
            {
                _logger.LogWarning("Expiring session 0x{SessionId:x} failed: {Error}", id, result.Message);
            }

            SessionClosed?.Invoke(id);
        }

        return expired.Count;
    }

    private void OnSessionOpened(long sessionId, int timeoutMs)
    {
        lock (_lock)
        {
            if (!_expiry.Contains(sessionId))
            {
                _expiry.Update(sessionId, Now, timeoutMs);
            }
        }
    }

    /// <summary>A session ended elsewhere (closed through another server, or expired by the leader): drop its clients here too.</summary>
    private void OnSessionEnded(long sessionId)
    {
        bool known;
        lock (_lock)
        {
            known = _expiry.Remove(sessionId);
        }

        if (known)
        {
            SessionClosed?.Invoke(sessionId);
        }
    }

    private void OnTouchesReceived(IReadOnlyList<long> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            TouchLocally(id);
        }
    }

    /// <summary>A new leader does not know when sessions were last touched: each gets a full timeout, as in ZooKeeper.</summary>
    private void RearmAll()
    {
        var now = Now;
        lock (_lock)
        {
            foreach (var (id, timeout) in _pipeline.Tree.Sessions)
            {
                _expiry.Update(id, now, timeout);
            }
        }
    }
}
