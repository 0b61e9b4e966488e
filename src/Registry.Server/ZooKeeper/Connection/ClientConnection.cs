using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Server.ZooKeeper.Requests;
using Registry.Server.ZooKeeper.Watches;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Watches;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>
/// One client connection after its handshake: reads frames in order, starts each request (writes go to the
/// pipeline at once so a connection can pipeline them; a read waits until this connection's earlier writes
/// are applied, so it sees them), and leaves the replies to the <see cref="OutboundQueue"/>, which sends
/// them in request order. At most ZooKeeperMaxOutstandingRequests are unanswered; past that the
/// connection is not read from, which pushes back on the client through TCP.
/// </summary>
public sealed class ClientConnection : IDisposable
{
    private const int MaxQueuedNotifications = 100_000;
    private readonly ConnectionContext _transport;
    private readonly ZooKeeperContext _zk;
    private readonly OutboundQueue _outbound;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _closing = new();
    private readonly RequestExecutor _executor;
    private readonly Lock _identityLock = new();
    private IReadOnlyList<Id> _identities;
    private Task _lastWrite = Task.CompletedTask;
    private volatile bool _closingSession;

    public ClientConnection(ConnectionContext transport, ZooKeeperContext zk, long sessionId, int timeoutMs)
    {
        _transport = transport;
        _zk = zk;
        SessionId = sessionId;
        Stats = new ConnectionStats(transport.RemoteEndPoint, zk.NowMs) { SessionId = sessionId, TimeoutMs = timeoutMs };
        _identities = RemoteAddress is { } address ? [new Id(IpMatcher.Scheme, address)] : [];
        _slots = new SemaphoreSlim(zk.Options.ZooKeeperMaxOutstandingRequests);
        _outbound = new OutboundQueue(transport.Transport.Output, MaxQueuedNotifications);
        _outbound.ReplySent += OnReplySent;
        _outbound.NotificationSent += () => Stats.OnSent(answersRequest: false);
        Watcher = new ConnectionWatcher(zk.Server.Tree, () => _identities, Notify);
        _executor = new RequestExecutor(this, zk);
    }

    public long SessionId { get; }

    public ConnectionStats Stats { get; }

    public ConnectionWatcher Watcher { get; }

    public IReadOnlyList<Id> Identities => _identities;

    public string? RemoteAddress => _transport.RemoteEndPoint is IPEndPoint ip ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString() : null;

    public RequestContext Context => new(SessionId, _identities);

    public void AddIdentity(Id id)
    {
        lock (_identityLock)
        {
            if (!_identities.Contains(id))
            {
                _identities = [.. _identities, id];
            }
        }
    }

    /// <summary>Set before this connection's own closeSession, whose reply must still go out.</summary>
    public void ClosingSession() => _closingSession = true;

    /// <summary>Drops the connection at once (session expired or moved); unanswered requests are abandoned.</summary>
    public void Close(string reason)
    {
        if (_closingSession)
        {
            return;
        }

        _zk.Logger.LogInformation("Closing ZooKeeper connection of session 0x{SessionId:x} from {Remote}: {Reason}", SessionId, _transport.RemoteEndPoint, reason);
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Dispose()
    {
        _closing.Dispose();
        _slots.Dispose();
    }

    public async Task RunAsync()
    {
        _zk.Connections.Add(this);
        var writer = _outbound.RunAsync(_closing.Token);
        try
        {
            if (!await ReadLoopAsync())
            {
                await _closing.CancelAsync();
            }

            await writer;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (FrameTooLargeException e)
        {
            _zk.Logger.LogWarning("Closing ZooKeeper connection from {Remote}: {Reason}", _transport.RemoteEndPoint, e.Message);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or InvalidOperationException)
        {
            _zk.Logger.LogDebug(e, "ZooKeeper connection from {Remote} ended", _transport.RemoteEndPoint);
        }
        finally
        {
            await _closing.CancelAsync();
            await writer.ContinueWith(static _ => { }, TaskScheduler.Default);
            _zk.Server.Tree.Watches.RemoveWatcher(Watcher);
            _zk.Connections.Remove(this);
        }
    }

    /// <summary>Reads and starts requests; true when a request ends the connection after its reply, false when the peer went away.</summary>
    private async Task<bool> ReadLoopAsync()
    {
        var ct = _closing.Token;
        var input = _transport.Transport.Input;
        while (true)
        {
            await _slots.WaitAsync(ct);
            var payload = await FrameReader.ReadAsync(input, _zk.Options.ZooKeeperMaxFrameBytes, ct);
            if (payload is null)
            {
                return false;
            }

            var started = _zk.NowMs;
            Stats.OnReceived();
            _zk.Stats.Received();
            if (payload.Length < 8)
            {
                _zk.Logger.LogWarning("Closing ZooKeeper connection from {Remote}: a {Length}-byte frame has no request header", _transport.RemoteEndPoint, payload.Length);
                return false;
            }

            var xid = BinaryPrimitives.ReadInt32BigEndian(payload);
            var type = (OpCode)BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4));
            Task<Reply> reply;
            if (!_zk.Sessions.Touch(SessionId))
            {
                reply = _executor.Fail(xid, type, ErrorCode.SessionExpired, started, close: true);
            }
            else if (!RequestDecoder.IsSupported(type))
            {
                _zk.Logger.LogInformation("Closing ZooKeeper connection from {Remote}: unsupported opcode {Type}", _transport.RemoteEndPoint, (int)type);
                reply = _executor.Fail(xid, type, ErrorCode.Unimplemented, started, close: true);
            }
            else
            {
                reply = await StartAsync(xid, type, payload, started, ct);
            }

            _outbound.EnqueueReply(reply);
            if (reply.IsCompletedSuccessfully && reply.Result.CloseAfter)
            {
                return true;
            }

            if (type == OpCode.CloseSession)
            {
                return true;
            }
        }
    }

    /// <summary>Decodes and starts a request; completes at once unless it must wait for this connection's last write.</summary>
    private async ValueTask<Task<Reply>> StartAsync(int xid, OpCode type, byte[] payload, long started, CancellationToken ct)
    {
        ZkRequest request;
        try
        {
            request = RequestDecoder.Decode(type, payload.AsSpan(8));
        }
        catch (JuteException e)
        {
            _zk.Logger.LogDebug("Malformed {Type} request from {Remote}: {Reason}", type, _transport.RemoteEndPoint, e.Message);
            return _executor.Fail(xid, type, ErrorCode.MarshallingError, started, close: false);
        }

        if (RequestKinds.SeesEarlierWrites(type) && !_lastWrite.IsCompleted)
        {
            await _lastWrite.WaitAsync(ct);
        }

        var reply = _executor.Execute(xid, type, request, started);
        if (RequestKinds.IsWrite(type))
        {
            _lastWrite = reply;
        }

        return reply;
    }

    private void Notify(WatchedEvent watchedEvent)
    {
        var writer = new JuteWriter(32 + (watchedEvent.Path.Length * 3));
        ReplyFrames.Notification(writer, watchedEvent.Type, watchedEvent.Path, watchedEvent.Zxid);
        _outbound.EnqueueNotification(writer.ToArray());
        if (_outbound.Overflowed)
        {
            // Called on the apply thread: the close itself runs elsewhere.
            ThreadPool.QueueUserWorkItem(static c => c.Close("it stopped reading and too many notifications are queued"), this, preferLocal: false);
        }
    }

    private void OnReplySent(Reply reply)
    {
        _slots.Release();
        var now = _zk.NowMs;
        var latency = Math.Max(0, now - reply.StartedMs);
        Stats.OnSent(answersRequest: true);
        Stats.LastOperation = RequestKinds.ShortName(reply.Op);
        Stats.LastZxid = reply.Zxid;
        Stats.LastResponseMs = now;
        Stats.LastLatencyMs = latency;
        if (reply.Xid >= 0)
        {
            Stats.LastCxid = reply.Xid;
        }

        Stats.Latency.Add(latency);
        _zk.Stats.Latency.Add(latency);
        _zk.Stats.Sent(reply.Frames.Length);
    }
}
