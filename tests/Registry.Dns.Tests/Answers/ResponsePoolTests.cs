using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Answers;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

/// <summary>The production pool hands a returned message out again, unless its sections grew large.</summary>
public sealed class ResponsePoolTests
{
    private readonly DnsMessage _query = DnsMessage.Parse(RawDns.Query(9, "web.service.consul", 1, (4096, 0)));

    [Fact]
    public void A_returned_message_is_rented_again()
    {
        var pool = ResponsePool.Create();
        var first = ResponseMessage.For(_query, pool);
        first.Return();

        Assert.Same(first, ResponseMessage.For(_query, pool));
    }

    [Fact]
    public void A_message_whose_sections_grew_large_is_not_kept()
    {
        var pool = ResponsePool.Create();
        var large = ResponseMessage.For(_query, pool);
        var record = new ARecord(DomainName.Parse("web.service.consul"), 0, IPAddress.Loopback);
        large.AnswerRecords.AddRange(Enumerable.Repeat<DnsRecordBase>(record, 300));
        large.Return();

        var next = ResponseMessage.For(_query, pool);
        Assert.NotSame(large, next);
        Assert.Empty(next.AnswerRecords);
    }
}
