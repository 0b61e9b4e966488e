using System.Collections;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.ObjectPool;

namespace Registry.Dns.Answers;

/// <summary>
/// A response as ARSoft.Tools.Net encodes it, minus two defects of its name compression (3.6.1): names match
/// case-insensitively, so a name is rewritten with the case of an earlier one (an additional record's
/// <c>consul.</c> printed as the question's <c>Consul.</c>), and names past offset 0x3FFF, which a 14-bit pointer
/// cannot address, are still registered as pointer targets, corrupting every later name that shares their suffix
/// (large TCP answers). Here names match only when equal including case, and nothing written past 0x3FFF is
/// pointed at (such names are written in full).
/// <para>
/// Responses are pooled (<see cref="ResponsePool"/>): each owns its section lists, OPT record and name table,
/// and renting one resets all of them, so answering allocates nothing. The transport returns a response once
/// ARSoft has sent it (<see cref="Transport.PeerEndPoint"/>).
/// </para>
/// </summary>
internal sealed class ResponseMessage : DnsMessage
{
    private const int MaxPointerOffset = 0x3FFF;

    /// <summary>A message whose sections grew past this many records is not kept for reuse, so the pool holds no large lists.</summary>
    private const int MaxKeptCapacity = 256;

    private static readonly PointerComparer ExactNames = new(null);

    private readonly List<DnsQuestion> _questions = [];
    private readonly List<DnsRecordBase> _answers = [];
    private readonly List<DnsRecordBase> _authorities = [];
    private readonly List<DnsRecordBase> _additionals = [];
    private readonly OptRecord _opt = new();
    private readonly Dictionary<DomainName, ushort> _pointers = new(ExactNames);
    private ObjectPool<ResponseMessage>? _pool;

    /// <summary>The buffer of the last encoding; null until this message is encoded.</summary>
    public byte[]? EncodedInto { get; private set; }

    /// <summary>Whether this message is small enough to be kept by a pool.</summary>
    public bool IsWorthKeeping =>
        _questions.Capacity <= MaxKeptCapacity && _answers.Capacity <= MaxKeptCapacity
        && _authorities.Capacity <= MaxKeptCapacity && _additionals.Capacity <= MaxKeptCapacity;

    /// <summary>
    /// Always a single message: ARSoft would otherwise split a large AXFR/IXFR or question-less response over
    /// several sends of this one object, and a response is returned to its pool at its (one) send.
    /// </summary>
    protected override bool AllowMultipleResponses => false;

    /// <summary>The response to <paramref name="query"/>, from <paramref name="pool"/>: its ID, RD and CD flags, question and EDNS presence.</summary>
    public static ResponseMessage For(DnsMessage query, ObjectPool<ResponseMessage> pool)
    {
        var response = Rent(pool, query.TransactionID);
        response.IsRecursionDesired = query.IsRecursionDesired;
        response.IsCheckingDisabled = query.IsCheckingDisabled;
        response.Questions.AddRange(query.Questions);
        if (query.EDnsOptions is { } opt)
        {
            response._opt.UdpPayloadSize = opt.UdpPayloadSize;
            response._opt.IsDnsSecOk = opt.IsDnsSecOk;
            response.AdditionalRecords.Add(response._opt);
        }
        return response;
    }

    /// <summary>A copy of another response (a recursor's), from <paramref name="pool"/>, that encodes like ours.</summary>
    public static ResponseMessage CopyOf(DnsMessage other, ObjectPool<ResponseMessage> pool)
    {
        var copy = Rent(pool, other.TransactionID);
        copy.IsAuthoritiveAnswer = other.IsAuthoritiveAnswer;
        copy.IsTruncated = other.IsTruncated;
        copy.IsRecursionDesired = other.IsRecursionDesired;
        copy.IsRecursionAllowed = other.IsRecursionAllowed;
        copy.IsAuthenticData = other.IsAuthenticData;
        copy.IsCheckingDisabled = other.IsCheckingDisabled;
        copy.Questions.AddRange(other.Questions);
        copy.AnswerRecords.AddRange(other.AnswerRecords);
        copy.AuthorityRecords.AddRange(other.AuthorityRecords);
        copy.AdditionalRecords.AddRange(other.AdditionalRecords);
        copy.ReturnCode = other.ReturnCode;
        return copy;
    }

    /// <summary>Hands this message back to the pool it was rented from; later calls do nothing.</summary>
    public void Return() => Interlocked.Exchange(ref _pool, null)?.Return(this);

    /// <summary>
    /// A message from <paramref name="pool"/> with every part a previous answer may have set back at its initial
    /// state: header flags, opcode and return code, the four sections (ARSoft may have replaced or trimmed the
    /// lists), the OPT record (payload size, version, DO bit, extended code, options), TSIG and the last encoding.
    /// </summary>
    private static ResponseMessage Rent(ObjectPool<ResponseMessage> pool, ushort transactionId)
    {
        var message = pool.Get();
        message._pool = pool;
        message.Flags = 0;
        message.TransactionID = transactionId;
        message.IsQuery = false;
        message.TSigOptions = null;
        message.EncodedInto = null;
        message._questions.Clear();
        message._answers.Clear();
        message._authorities.Clear();
        message._additionals.Clear();
        message.Questions = message._questions;
        message.AnswerRecords = message._answers;
        message.AuthorityRecords = message._authorities;
        message.AdditionalRecords = message._additionals;
        message._opt.UdpPayloadSize = 4096;
        message._opt.Version = 0;
        message._opt.ExtendedReturnCode = ReturnCode.NoError;
        message._opt.IsDnsSecOk = false;
        message._opt.Options.Clear();
        return message;
    }

    protected override void EncodeSections(IList<byte> messageData, ref int currentPosition, Dictionary<DomainName, ushort> domainNames)
    {
        if (messageData is ArraySegment<byte> segment)
        {
            EncodedInto = segment.Array;
        }
        // ARSoft sizes the buffer for the longest encoding: when it is within the pointer range, so is every name.
        if (messageData.Count <= MaxPointerOffset)
        {
            _pointers.Clear();
            base.EncodeSections(messageData, ref currentPosition, _pointers);
            return;
        }
        var tracked = new PositionTracking(messageData);
        base.EncodeSections(tracked, ref currentPosition, new Dictionary<DomainName, ushort>(new PointerComparer(tracked)));
    }

    /// <summary>Exact name equality, and none at all once the message is written past the pointer range.</summary>
    private sealed class PointerComparer(PositionTracking? position) : IEqualityComparer<DomainName>
    {
        public bool Equals(DomainName? x, DomainName? y) =>
            (position is null || position.End <= MaxPointerOffset) && (x is null ? y is null : x.Equals(y, ignoreCase: false));

        public int GetHashCode(DomainName obj) => obj.GetHashCode();
    }

    /// <summary>The message buffer, noting how far it has been written (ARSoft writes names byte by byte through the indexer).</summary>
    private sealed class PositionTracking(IList<byte> inner) : IList<byte>
    {
        public int End { get; private set; }

        public int Count => inner.Count;

        public bool IsReadOnly => false;

        public byte this[int index]
        {
            get => inner[index];
            set
            {
                inner[index] = value;
                End = Math.Max(End, index + 1);
            }
        }

        public int IndexOf(byte item) => inner.IndexOf(item);

        public void Insert(int index, byte item) => throw new NotSupportedException();

        public void RemoveAt(int index) => throw new NotSupportedException();

        public void Add(byte item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Contains(byte item) => inner.Contains(item);

        public void CopyTo(byte[] array, int arrayIndex) => inner.CopyTo(array, arrayIndex);

        public bool Remove(byte item) => throw new NotSupportedException();

        public IEnumerator<byte> GetEnumerator() => inner.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
