using ARSoft.Tools.Net.Dns;
using BenchmarkDotNet.Attributes;
using Registry.Dns.Answers;
using Registry.Dns.Options;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// Answer building for one parsed query, as the front door's <c>QueryReceived</c> handler does it, over a catalog
/// of 1,000 services with 3 instances each: the Allocated column is the bytes per answered query (the response
/// message; its records are shared, prebuilt ones). ARSoft's parse of the same query, which precedes every
/// answer, is the reference for what its per-message object model costs.
/// </summary>
[MemoryDiagnoser]
public class DnsResponderBenchmarks
{
    private DnsResponder _responder = null!;
    private DnsMessage _srv = null!;
    private DnsMessage _a = null!;
    private DnsMessage _rfc2782 = null!;
    private DnsMessage _nxdomain = null!;
    private byte[] _srvBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _responder = new DnsResponder(new SyntheticCatalog(1000, 3), new DnsOptions(), TimeProvider.System);
        _srvBytes = QueryBytes.Build("svc-0421.service.consul", 33, edns: true);
        _srv = DnsMessage.Parse(_srvBytes);
        _a = DnsMessage.Parse(QueryBytes.Build("svc-0421.service.consul", 1));
        _rfc2782 = DnsMessage.Parse(QueryBytes.Build("_svc-0421._primary.service.dc1.consul", 33));
        _nxdomain = DnsMessage.Parse(QueryBytes.Build("missing.service.consul", 1));
    }

    [Benchmark]
    public DnsMessage? SrvWithAdditionals() => _responder.Answer(_srv);

    [Benchmark]
    public DnsMessage? A() => _responder.Answer(_a);

    [Benchmark]
    public DnsMessage? Rfc2782TagFiltered() => _responder.Answer(_rfc2782);

    [Benchmark]
    public DnsMessage? NxDomainWithSoa() => _responder.Answer(_nxdomain);

    [Benchmark(Baseline = true)]
    public int ArsoftParseOfTheSameQuery() => DnsMessage.Parse(_srvBytes).Questions.Count;
}
