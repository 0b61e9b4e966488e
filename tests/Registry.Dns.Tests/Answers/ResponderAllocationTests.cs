using ARSoft.Tools.Net.Dns;
using Registry.Catalog.Model;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

/// <summary>
/// The hot path's promise, checked on every build: once a service's answers are prepared, answering builds no
/// record (responses share the prepared ones) and allocates only the response message, whatever the answer's size.
/// </summary>
public sealed class ResponderAllocationTests
{
    /// <summary>ARSoft's response message with its section lists and OPT record, measured at about 0.5-1 KiB.</summary>
    private const long MaxBytesPerAnswer = 1536;

    [Theory]
    [InlineData("web.service.consul", (ushort)33, true)]
    [InlineData("WEB.service.dc1.consul", (ushort)1, false)]
    [InlineData("_web._v2.service.consul", (ushort)33, false)]
    [InlineData("v2.web.service.consul", (ushort)28, true)]
    public void Answering_a_prepared_query_shares_its_records_and_allocates_only_the_response(string name, ushort type, bool edns)
    {
        var catalog = new FakeCatalog();
        for (var i = 0; i < 40; i++)
        {
            catalog.Add("web", $"web-{i}", i % 4 == 0 ? $"2001:db8::{i + 1}" : $"10.0.0.{i + 1}", 8000 + i, i % 3 == 0 ? HealthStatus.Warning : HealthStatus.Passing, tags: i % 2 == 0 ? ["v2"] : ["v1"]);
        }
        var responder = new DnsResponder(catalog, new DnsOptions(), TimeProvider.System);
        var query = DnsMessage.Parse(RawDns.Query(1, name, type, edns ? (4096, 0) : null));
        var warmUp = responder.Answer(query)!;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            responder.Answer(query);
        }
        var perAnswer = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        var again = responder.Answer(query)!;

        Assert.NotEmpty(warmUp.AnswerRecords);
        Assert.All(again.AnswerRecords, r => Assert.Contains(warmUp.AnswerRecords, w => ReferenceEquals(w, r)));
        Assert.InRange(perAnswer, 1, MaxBytesPerAnswer);
    }
}
