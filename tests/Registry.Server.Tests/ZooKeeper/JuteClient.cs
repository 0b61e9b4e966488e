using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

/// <summary>A reply or notification as the client read it.</summary>
public sealed record Frame(int Xid, long Zxid, ErrorCode Error, byte[] Body)
{
    public JuteReader Reader() => new(Body);
}

/// <summary>
/// A deliberately small ZooKeeper client over a real socket, speaking the wire format byte by byte. Every read
/// gives up after <see cref="ReadTimeout"/>, so a missing reply fails a test instead of hanging it.
/// </summary>
public sealed class JuteClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private int _xid;

    private JuteClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public long SessionId { get; private set; }

    public byte[] Password { get; private set; } = [];

    public int TimeoutMs { get; private set; }

    /// <summary>Frames read while waiting for a reply: the notifications that came before it, in order.</summary>
    public List<Frame> Notifications { get; } = [];

    public static async Task<JuteClient> OpenAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new JuteClient(tcp);
    }

    public static async Task<JuteClient> ConnectAsync(int port, int timeoutMs = 30_000, long sessionId = 0, byte[]? password = null, long lastZxid = 0)
    {
        var client = await OpenAsync(port);
        var response = await client.HandshakeAsync(timeoutMs, sessionId, password ?? new byte[16], lastZxid, readOnlyFlag: true);
        if (response is null || response.Length != 37)
        {
            throw new InvalidOperationException("handshake failed");
        }

        return client;
    }

    /// <summary>Sends a ConnectRequest; returns the raw ConnectResponse payload, or null when the server closed instead.</summary>
    public async Task<byte[]?> HandshakeAsync(int timeoutMs, long sessionId, byte[] password, long lastZxid, bool readOnlyFlag)
    {
        var w = new JuteWriter();
        w.BeginFrame();
        w.WriteInt(0);
        w.WriteLong(lastZxid);
        w.WriteInt(timeoutMs);
        w.WriteLong(sessionId);
        w.WriteBuffer(password);
        if (readOnlyFlag)
        {
            w.WriteBool(false);
        }

        w.EndFrame();
        await SendRawAsync(w.ToArray());
        var payload = await ReadPayloadAsync();
        if (payload is not null && payload.Length >= 36)
        {
            var r = new JuteReader(payload);
            r.ReadInt();
            TimeoutMs = r.ReadInt();
            SessionId = r.ReadLong();
            Password = r.ReadBuffer() ?? [];
        }

        return payload;
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Sends a request with the next xid (or <paramref name="xid"/>) without waiting; returns the xid.</summary>
    public async Task<int> SendAsync(OpCode type, Action<JuteWriter>? body = null, int? xid = null)
    {
        var id = xid ?? ++_xid;
        var w = new JuteWriter();
        w.BeginFrame();
        w.WriteInt(id);
        w.WriteInt((int)type);
        body?.Invoke(w);
        w.EndFrame();
        await SendRawAsync(w.ToArray());
        return id;
    }

    /// <summary>Sends a request and reads frames until its reply; notifications on the way are kept.</summary>
    public async Task<Frame> RequestAsync(OpCode type, Action<JuteWriter>? body = null, int? xid = null)
    {
        var id = await SendAsync(type, body, xid);
        return await ReadReplyAsync(id);
    }

    public async Task<Frame> ReadReplyAsync(int xid)
    {
        while (true)
        {
            var frame = await ReadFrameAsync() ?? throw new EndOfStreamException($"closed before the reply to xid {xid}");
            if (frame.Xid == Xids.Notification)
            {
                Notifications.Add(frame);
                continue;
            }

            return frame.Xid == xid ? frame : throw new InvalidOperationException($"reply to xid {frame.Xid} while waiting for {xid}");
        }
    }

    public async Task<Frame?> ReadFrameAsync()
    {
        var payload = await ReadPayloadAsync();
        if (payload is null)
        {
            return null;
        }

        var r = new JuteReader(payload);
        return new Frame(r.ReadInt(), r.ReadLong(), (ErrorCode)r.ReadInt(), payload[16..]);
    }

    /// <summary>True once the server has closed the connection (reads return end of stream).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, deadline.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<byte[]?> ReadPayloadAsync()
    {
        var header = new byte[4];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
        return await ReadExactlyAsync(payload) ? payload : null;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var deadline = new CancellationTokenSource(ReadTimeout);
        try
        {
            await _stream.ReadExactlyAsync(buffer, deadline.Token);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no frame from the server within {ReadTimeout.TotalSeconds} s");
        }
    }
}
