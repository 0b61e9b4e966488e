using Registry.Catalog.Model;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

/// <summary>The hot path's promise, checked on every build: once a service's answers are prepared, answering allocates nothing.</summary>
public sealed class ResponderAllocationTests
{
    [Theory]
    [InlineData("web.service.consul", (ushort)33, true)]
    [InlineData("WEB.service.dc1.consul", (ushort)1, false)]
    [InlineData("_web._v2.service.consul", (ushort)33, false)]
    [InlineData("v2.web.service.consul", (ushort)28, true)]
    [InlineData("missing.service.consul", (ushort)1, false)]
    [InlineData("example.org", (ushort)1, false)]
    public void Answering_a_prepared_query_allocates_nothing(string name, ushort type, bool edns)
    {
        var catalog = new FakeCatalog();
        for (var i = 0; i < 40; i++)
        {
            catalog.Add("web", $"web-{i}", $"10.0.0.{i + 1}", 8000 + i, i % 3 == 0 ? HealthStatus.Warning : HealthStatus.Passing, tags: i % 2 == 0 ? ["v2"] : ["v1"]);
        }
        var responder = new DnsResponder(catalog, new DnsOptions(), TimeProvider.System);
        var scratch = DnsResponder.CreateScratch();
        var query = RawDns.Query(1, name, type, edns ? (4096, 0) : null);
        var response = new byte[4096];
        var warmUp = responder.Respond(query, response, overUdp: true, scratch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            responder.Respond(query, response, overUdp: true, scratch);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(warmUp > 12);
        Assert.Equal(0, allocated);
    }
}
