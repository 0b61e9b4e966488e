using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.ObjectPool;
using Registry.Dns.Answers;

namespace Registry.Dns.Tests.Support;

/// <summary>
/// A response pool that counts what it creates and what comes back, and signals each return. Reusing, it hands
/// returned messages out again (most recent first); poisoning, it never does, and instead corrupts every returned
/// message (ID, flags, sections, return code), so a message returned before it was sent goes out visibly wrong.
/// </summary>
internal sealed class WatchedPool(bool poison) : ObjectPool<ResponseMessage>
{
    private static readonly ARecord Poison = new(DomainName.Parse("poisoned.invalid"), 1, System.Net.IPAddress.Parse("192.0.2.66"));

    private readonly Lock _lock = new();
    private readonly Stack<ResponseMessage> _available = new();
    private readonly SemaphoreSlim _returned = new(0);
    private int _created;
    private int _returns;

    public int Created => Volatile.Read(ref _created);

    public int Returns => Volatile.Read(ref _returns);

    public override ResponseMessage Get()
    {
        lock (_lock)
        {
            if (_available.TryPop(out var message))
            {
                return message;
            }
        }
        Interlocked.Increment(ref _created);
        return new ResponseMessage();
    }

    public override void Return(ResponseMessage obj)
    {
        if (poison)
        {
            obj.TransactionID ^= 0xFFFF;
            obj.IsTruncated = !obj.IsTruncated;
            obj.Questions.Clear();
            obj.AnswerRecords.Clear();
            obj.AnswerRecords.Add(Poison);
            obj.ReturnCode = ReturnCode.Refused;
        }
        else
        {
            lock (_lock)
            {
                _available.Push(obj);
            }
        }
        Interlocked.Increment(ref _returns);
        _returned.Release();
    }

    /// <summary>Waits (at most 10 s) until <paramref name="count"/> more messages have come back.</summary>
    public async Task WaitForReturnsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _returned.WaitAsync(TimeSpan.FromSeconds(10)), $"{count - i} of {count} responses did not come back to the pool");
        }
    }
}
