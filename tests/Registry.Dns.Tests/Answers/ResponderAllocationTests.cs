using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Time.Testing;
using Registry.Catalog.Model;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;
using Registry.Dns.Transport;

namespace Registry.Dns.Tests.Answers;

/// <summary>
/// The hot path's promise, checked on every build: once a service's answers are prepared, answering allocates
/// nothing. An answer is handled as the front door handles it (rented, linked to its connection's peer, encoded by
/// ARSoft, released by the send of that encoding); what is counted is everything but ARSoft's encoding, whose
/// allocations the JIT trims by a varying amount as it optimises ARSoft's code. Answers share the prepared records,
/// negative answers their zone's SOA.
/// </summary>
public sealed class ResponderAllocationTests
{
    private const int Rounds = 8;
    private const int AnswersPerRound = 250;

    [Theory]
    [InlineData("web.service.consul", (ushort)33, true)]
    [InlineData("WEB.service.dc1.consul", (ushort)1, false)]
    [InlineData("_web._v2.service.consul", (ushort)33, false)]
    [InlineData("v2.web.service.consul", (ushort)28, true)]
    [InlineData("missing.service.consul", (ushort)1, true)]
    [InlineData("web.service.consul", (ushort)16, false)]
    public void Answering_a_prepared_query_allocates_nothing(string name, ushort type, bool edns)
    {
        var catalog = new FakeCatalog();
        for (var i = 0; i < 40; i++)
        {
            catalog.Add("web", $"web-{i}", i % 4 == 0 ? $"2001:db8::{i + 1}" : $"10.0.0.{i + 1}", 8000 + i, i % 3 == 0 ? HealthStatus.Warning : HealthStatus.Passing, tags: i % 2 == 0 ? ["v2"] : ["v1"]);
        }
        var responder = new DnsResponder(catalog, new DnsOptions(), new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000)));
        var query = DnsMessage.Parse(RawDns.Query(1, name, type, edns ? (4096, 0) : null));
        var peer = new PeerEndPoint(new IPEndPoint(IPAddress.Loopback, 53), slots: 1);
        var reference = responder.Answer(query)!;

        var shared = responder.Answer(query)!;
        Assert.NotEmpty(shared.AnswerRecords.Concat(shared.AuthorityRecords));
        Assert.All(shared.AnswerRecords.Concat(shared.AuthorityRecords), r => Assert.Contains(reference.AnswerRecords.Concat(reference.AuthorityRecords), p => ReferenceEquals(p, r)));
        shared.Return();

        Assert.Equal(0, FewestBytesPerAnswer(responder, query, peer));
    }

    /// <summary>
    /// The fewest bytes an answer allocated outside ARSoft's encoding over several rounds: the runtime occasionally
    /// allocates on the thread for itself (tiering up a method, say), which only ever adds to a round.
    /// </summary>
    private static long FewestBytesPerAnswer(DnsResponder responder, DnsMessage query, PeerEndPoint peer)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            long ours = 0;
            for (var i = 0; i < AnswersPerRound; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var response = responder.Answer(query)!;
                Assert.True(peer.Hold(response));
                var answered = GC.GetAllocatedBytesForCurrentThread();
                var sent = ArsoftEncoder.Encode(response);
                var encoded = GC.GetAllocatedBytesForCurrentThread();
                peer.Release(sent);
                ours += answered - before + GC.GetAllocatedBytesForCurrentThread() - encoded;
            }
            fewest = Math.Min(fewest, ours / AnswersPerRound);
        }
        return fewest;
    }
}
