using System.Collections;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Registry.Dns.Answers;

/// <summary>
/// A response as ARSoft.Tools.Net encodes it, minus two defects of its name compression (3.6.1): names match
/// case-insensitively, so a name is rewritten with the case of an earlier one (an additional record's
/// <c>consul.</c> printed as the question's <c>Consul.</c>), and names past offset 0x3FFF, which a 14-bit pointer
/// cannot address, are still registered as pointer targets, corrupting every later name that shares their suffix
/// (large TCP answers). Here names match only when equal including case, and nothing written past 0x3FFF is
/// pointed at (such names are written in full).
/// </summary>
internal sealed class ResponseMessage : DnsMessage
{
    private const int MaxPointerOffset = 0x3FFF;

    /// <summary>The response to <paramref name="query"/>: its ID, RD and CD flags, question and EDNS presence.</summary>
    public static ResponseMessage For(DnsMessage query)
    {
        var response = new ResponseMessage
        {
            TransactionID = query.TransactionID,
            IsQuery = false,
            IsRecursionDesired = query.IsRecursionDesired,
            IsCheckingDisabled = query.IsCheckingDisabled,
        };
        response.Questions.AddRange(query.Questions);
        if (query.EDnsOptions is { } opt)
        {
            response.EDnsOptions = new OptRecord(opt.UdpPayloadSize) { IsDnsSecOk = opt.IsDnsSecOk };
        }
        return response;
    }

    /// <summary>A copy of another response (a recursor's) that encodes like ours.</summary>
    public static ResponseMessage CopyOf(DnsMessage other)
    {
        var copy = new ResponseMessage
        {
            TransactionID = other.TransactionID,
            IsQuery = false,
            IsAuthoritiveAnswer = other.IsAuthoritiveAnswer,
            IsTruncated = other.IsTruncated,
            IsRecursionDesired = other.IsRecursionDesired,
            IsRecursionAllowed = other.IsRecursionAllowed,
            IsAuthenticData = other.IsAuthenticData,
            IsCheckingDisabled = other.IsCheckingDisabled,
        };
        copy.Questions.AddRange(other.Questions);
        copy.AnswerRecords.AddRange(other.AnswerRecords);
        copy.AuthorityRecords.AddRange(other.AuthorityRecords);
        copy.AdditionalRecords.AddRange(other.AdditionalRecords);
        copy.ReturnCode = other.ReturnCode;
        return copy;
    }

    protected override void EncodeSections(IList<byte> messageData, ref int currentPosition, Dictionary<DomainName, ushort> domainNames)
    {
        if (GetSectionsMaxLength() <= MaxPointerOffset)
        {
            base.EncodeSections(messageData, ref currentPosition, new Dictionary<DomainName, ushort>(new PointerComparer(null)));
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
