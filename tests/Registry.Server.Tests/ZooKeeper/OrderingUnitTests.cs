using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Server.Options;
using Registry.Server.Storage;
using Registry.Server.ZooKeeper.Connection;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Server.ZooKeeper.Watches;
using Registry.Tree;

namespace Registry.Server.Tests.ZooKeeper;

/// <summary>The two pieces behind ZooKeeper's ordering guarantee, driven step by step.</summary>
public sealed class OrderingUnitTests
{
    [Fact]
    public void The_gate_holds_a_read_until_the_watches_of_the_zxid_it_reflects_have_fired()
    {
        var dir = Directory.CreateTempSubdirectory("registry-gate-").FullName;
        try
        {
            using var database = TreeDatabase.Open(new ServerOptions { DataDir = dir }, NullLogger.Instance);
            var gate = new NotificationGate(database);
            Assert.True(gate.WaitAsync(0).IsCompleted);
            var waiting = gate.WaitAsync(2);
            Assert.False(waiting.IsCompleted);
            gate.OnApplied(new ApplyResult(1, OpResult.Ok, null, []));
            Assert.False(waiting.IsCompleted);
            gate.OnApplied(new ApplyResult(2, OpResult.Ok, null, []));
            Assert.True(waiting.IsCompleted);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Replies_leave_in_request_order_and_after_every_notification_queued_before_they_completed()
    {
        var pipe = new Pipe();
        var queue = new OutboundQueue(pipe.Writer, 100);
        using var stop = new CancellationTokenSource();
        var writer = queue.RunAsync(stop.Token);
        var first = new TaskCompletionSource<Reply>();
        queue.EnqueueReply(first.Task);
        queue.EnqueueReply(Task.FromResult(Frame(2)));
        queue.EnqueueNotification(Frame(-1).Frames);
        first.SetResult(Frame(1));

        var xids = new List<int>();
        while (xids.Count < 3)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer.ToArray();
            for (var offset = 0; offset + 8 <= buffer.Length; offset += 20)
            {
                xids.Add(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(offset + 4)));
            }

            pipe.Reader.AdvanceTo(result.Buffer.End);
        }

        Assert.Equal([-1, 1, 2], xids);
        // Cancellation ends the writer: by the exception of the wait it is in, or at the top of its loop if it was between waits.
        await stop.CancelAsync();
        Assert.True(await Record.ExceptionAsync(() => writer) is null or OperationCanceledException);
    }

    private static Reply Frame(int xid)
    {
        var w = new JuteWriter();
        ReplyFrames.HeaderOnly(w, xid, 0, ErrorCode.Ok);
        return new Reply(w.ToArray(), OpCode.Ping, xid, 0, 0);
    }
}
