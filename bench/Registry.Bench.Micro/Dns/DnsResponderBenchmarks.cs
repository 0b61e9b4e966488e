using System.Net;
using ARSoft.Tools.Net.Dns;
using BenchmarkDotNet.Attributes;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;
using Registry.Dns.Transport;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// One answer over a catalog of 1,000 services with 3 instances each, handled as the front door and transport
/// handle it: rented from the responder's pool and built, linked to its connection's peer, encoded by ARSoft (as
/// its <c>DnsServer</c> does before sending), and returned to the pool by the peer on the send of that encoding.
/// The baseline is ARSoft's encoding of the same answer alone, which every response costs whoever builds it:
/// an Alloc Ratio of 1.00 means answering allocates nothing of its own. Compare with <c>--envVars DOTNET_TieredPGO:0</c>:
/// dynamic PGO lets the JIT drop some of the encoder's allocations, by an amount that differs between processes.
/// </summary>
[MemoryDiagnoser]
public class DnsResponderBenchmarks
{
    public enum Query
    {
        SrvWithAdditionals,
        A,
        Rfc2782TagFiltered,
        NxDomainWithSoa,
    }

    private DnsResponder _responder = null!;
    private DnsMessage _query = null!;
    private PeerEndPoint _peer = null!;
    private ResponseMessage _answered = null!;

    [Params(Query.SrvWithAdditionals, Query.A, Query.Rfc2782TagFiltered, Query.NxDomainWithSoa)]
    public Query Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _responder = new DnsResponder(new SyntheticCatalog(1000, 3), new DnsOptions(), TimeProvider.System);
        _query = DnsMessage.Parse(Case switch
        {
            Query.SrvWithAdditionals => QueryBytes.Build("svc-0421.service.consul", 33, edns: true),
            Query.A => QueryBytes.Build("svc-0421.service.consul", 1),
            Query.Rfc2782TagFiltered => QueryBytes.Build("_svc-0421._primary.service.dc1.consul", 33),
            _ => QueryBytes.Build("missing.service.consul", 1),
        });
        _peer = new PeerEndPoint(new IPEndPoint(IPAddress.Loopback, 5353), slots: 1);
        // Kept out of the pool for the baseline.
        _answered = _responder.Answer(_query)!;
    }

    [Benchmark]
    public int AnswerSendAndReturn()
    {
        var response = _responder.Answer(_query)!;
        _peer.Hold(response);
        var sent = ArsoftEncoder.Encode(response);
        _peer.Release(sent);
        return sent.Length;
    }

    [Benchmark(Baseline = true)]
    public int ArsoftEncodeAlone() => ArsoftEncoder.Encode(_answered).Length;
}
