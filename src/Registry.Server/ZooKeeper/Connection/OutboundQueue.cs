using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace Registry.Server.ZooKeeper.Connection;

/// <summary>
/// Everything written to one client, by one writer loop: replies strictly in request order (each may still be
/// in flight) and notifications as soon as they arrive. Before each reply it writes every notification queued
/// so far: a write's own watch events fire before its reply completes, so they always go out first, and an
/// event announcing a change precedes any later reply that reflects it.
/// </summary>
public sealed class OutboundQueue
{
    private readonly PipeWriter _output;
    private readonly int _maxQueuedNotifications;
    private readonly ConcurrentQueue<byte[]> _notifications = new();
    private readonly Queue<Task<Reply>> _replies = new();
    private readonly Lock _lock = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Action _wakeWriter;
    private int _queuedNotifications;

    public OutboundQueue(PipeWriter output, int maxQueuedNotifications)
    {
        _output = output;
        _maxQueuedNotifications = maxQueuedNotifications;
        _wakeWriter = () => _wake.Writer.TryWrite(true);
    }

    /// <summary>Raised for each reply written (the request's slot is free again).</summary>
    public event Action<Reply>? ReplySent;

    /// <summary>Raised for each notification written.</summary>
    public event Action? NotificationSent;

    /// <summary>True when a client stopped reading and its notifications piled up beyond the limit.</summary>
    public bool Overflowed => Volatile.Read(ref _queuedNotifications) > _maxQueuedNotifications;

    public void EnqueueNotification(byte[] frame)
    {
        Interlocked.Increment(ref _queuedNotifications);
        _notifications.Enqueue(frame);
        _wake.Writer.TryWrite(true);
    }

    public void EnqueueReply(Task<Reply> reply)
    {
        lock (_lock)
        {
            _replies.Enqueue(reply);
        }

        if (reply.IsCompleted)
        {
            _wake.Writer.TryWrite(true);
        }
        else
        {
            // A continuation that is one shared delegate: ContinueWith would allocate a task and more per reply.
            reply.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wakeWriter);
        }
    }

    /// <summary>Writes until a reply asks to close the connection, the peer goes away, or <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !Overflowed)
        {
            var close = false;
            WriteNotifications();
            while (TryTakeCompleted(out var reply))
            {
                WriteNotifications();
                _output.Write(reply.Frames);
                ReplySent?.Invoke(reply);
                if (reply.CloseAfter)
                {
                    close = true;
                    break;
                }
            }

            var flushed = await _output.FlushAsync(ct);
            if (close || flushed.IsCompleted)
            {
                return;
            }

            await _wake.Reader.ReadAsync(ct);
        }
    }

    private void WriteNotifications()
    {
        while (_notifications.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref _queuedNotifications);
            _output.Write(frame);
            NotificationSent?.Invoke();
        }
    }

    private bool TryTakeCompleted(out Reply reply)
    {
        lock (_lock)
        {
            if (_replies.TryPeek(out var head) && head.IsCompleted)
            {
                _replies.Dequeue();
                reply = head.Result;
                return true;
            }
        }

        reply = null!;
        return false;
    }
}
