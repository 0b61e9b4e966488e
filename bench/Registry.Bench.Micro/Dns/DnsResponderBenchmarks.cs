using ARSoft.Tools.Net.Dns;
using BenchmarkDotNet.Attributes;
using Registry.Dns.Answers;
using Registry.Dns.Options;

namespace Registry.Bench.Micro.Dns;

/// <summary>
/// One query in, one response out, as a receive loop does it, over a catalog of 1,000 services with 3
/// instances each. The steady state must allocate nothing (see the Allocated column). ARSoft's parse of the
/// same query is the reference for what a per-message object model costs before any answer is built.
/// </summary>
[MemoryDiagnoser]
public class DnsResponderBenchmarks
{
    private readonly byte[] _response = new byte[4096];
    private DnsResponder _responder = null!;
    private ResponderScratch _scratch = null!;
    private byte[] _srv = [];
    private byte[] _a = [];
    private byte[] _rfc2782 = [];
    private byte[] _nxdomain = [];

    [GlobalSetup]
    public void Setup()
    {
        _responder = new DnsResponder(new SyntheticCatalog(1000, 3), new DnsOptions(), TimeProvider.System);
        _scratch = DnsResponder.CreateScratch();
        _srv = QueryBytes.Build("svc-0421.service.consul", 33, edns: true);
        _a = QueryBytes.Build("svc-0421.service.consul", 1);
        _rfc2782 = QueryBytes.Build("_svc-0421._primary.service.dc1.consul", 33);
        _nxdomain = QueryBytes.Build("missing.service.consul", 1);
    }

    [Benchmark]
    public int SrvWithAdditionals() => _responder.Respond(_srv, _response, overUdp: true, _scratch);

    [Benchmark]
    public int A() => _responder.Respond(_a, _response, overUdp: true, _scratch);

    [Benchmark]
    public int Rfc2782TagFiltered() => _responder.Respond(_rfc2782, _response, overUdp: true, _scratch);

    [Benchmark]
    public int NxDomainWithSoa() => _responder.Respond(_nxdomain, _response, overUdp: true, _scratch);

    [Benchmark(Baseline = true)]
    public int ArsoftParseOfTheSameQuery() => DnsMessage.Parse(_srv).Questions.Count;
}
