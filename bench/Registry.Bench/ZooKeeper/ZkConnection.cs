using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Bench.ZooKeeper;

/// <summary>
/// One ZooKeeper session on one connection, with any number of requests in flight: the server answers in
/// request order, so replies are matched to a FIFO of waiting requests. Notifications are skipped.
/// </summary>
internal sealed class ZkConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Queue<(int Xid, TaskCompletionSource<(ErrorCode, byte[])> Reply)> _pending = new();
    private readonly Lock _pendingLock = new();
    private readonly TimeSpan _timeout;
    private Task _reader = Task.CompletedTask;
    private int _xid;

    private ZkConnection(TcpClient tcp, TimeSpan timeout)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _timeout = timeout;
    }

    public long SessionId { get; private set; }

    public static async Task<ZkConnection> OpenAsync(IPEndPoint server, TimeSpan timeout)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        await tcp.ConnectAsync(server, deadline.Token);
        var connection = new ZkConnection(tcp, timeout);
        var w = new JuteWriter();
        w.BeginFrame();
        w.WriteInt(0);
        w.WriteLong(0);
        w.WriteInt((int)timeout.TotalMilliseconds);
        w.WriteLong(0);
        w.WriteBuffer(new byte[16]);
        w.WriteBool(false);
        w.EndFrame();
        await connection._stream.WriteAsync(w.ToArray(), deadline.Token);
        var response = await connection.ReadPayloadAsync(deadline.Token) ?? throw new IOException($"{server} closed the connection during the handshake");
        connection.SessionId = BinaryPrimitives.ReadInt64BigEndian(response.AsSpan(8));
        if (connection.SessionId == 0)
        {
            throw new IOException($"{server} refused the session");
        }

        connection._reader = Task.Run(connection.ReadLoopAsync);
        return connection;
    }

    /// <summary>Sends a request and returns its error code and reply body once it is answered.</summary>
    public async Task<(ErrorCode Error, byte[] Body)> RequestAsync(OpCode type, Action<JuteWriter>? body = null)
    {
        var reply = new TaskCompletionSource<(ErrorCode, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        var w = new JuteWriter();
        await _sendLock.WaitAsync();
        try
        {
            var xid = type == OpCode.Ping ? Xids.Ping : ++_xid;
            w.BeginFrame();
            w.WriteInt(xid);
            w.WriteInt((int)type);
            body?.Invoke(w);
            w.EndFrame();
            lock (_pendingLock)
            {
                _pending.Enqueue((xid, reply));
            }

            await _stream.WriteAsync(w.ToArray());
        }
        finally
        {
            _sendLock.Release();
        }

        return await reply.Task.WaitAsync(_timeout);
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        await _reader.ContinueWith(static _ => { }, TaskScheduler.Default);
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadPayloadAsync(CancellationToken.None) is { } payload)
            {
                var xid = BinaryPrimitives.ReadInt32BigEndian(payload);
                if (xid == Xids.Notification)
                {
                    continue;
                }

                TaskCompletionSource<(ErrorCode, byte[])> waiting;
                lock (_pendingLock)
                {
                    var (expected, reply) = _pending.Dequeue();
                    if (expected != xid)
                    {
                        throw new IOException($"reply to xid {xid} while xid {expected} was next");
                    }

                    waiting = reply;
                }

                waiting.TrySetResult(((ErrorCode)BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(12)), payload[16..]));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }

        lock (_pendingLock)
        {
            while (_pending.TryDequeue(out var item))
            {
                item.Reply.TrySetException(new IOException("connection closed"));
            }
        }
    }

    private async Task<byte[]?> ReadPayloadAsync(CancellationToken ct)
    {
        var header = new byte[4];
        try
        {
            await _stream.ReadExactlyAsync(header, ct);
            var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await _stream.ReadExactlyAsync(payload, ct);
            return payload;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
