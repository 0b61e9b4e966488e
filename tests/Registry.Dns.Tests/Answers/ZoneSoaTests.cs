using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Time.Testing;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Answers;

/// <summary>Negative answers share their zone's SOA within a second, yet each names the domain as asked with the current serial.</summary>
public sealed class ZoneSoaTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly DnsResponder _responder;

    public ZoneSoaTests() =>
        _responder = new DnsResponder(new FakeCatalog(), new DnsOptions { AltDomains = { "registry.example." } }, _time);

    [Fact]
    public void The_soa_is_shared_within_a_second_and_rebuilt_with_the_next_serial()
    {
        var first = Soa("missing.service.consul");
        var again = Soa("other.service.consul");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var sameSecond = Soa("missing.service.consul");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var next = Soa("missing.service.consul");

        Assert.Same(first, again);
        Assert.Same(first, sameSecond);
        Assert.Equal((uint)Start.ToUnixTimeSeconds(), first.SerialNumber);
        Assert.Equal((uint)Start.ToUnixTimeSeconds() + 1, next.SerialNumber);
        Assert.Equal("consul.", next.Name.ToString());
    }

    [Fact]
    public void Each_spelling_and_domain_gets_its_own_soa_even_past_the_kept_ones()
    {
        string[] questions = ["a.service.consul", "a.service.CONSUL", "a.service.Consul", "a.service.cOnsul", "a.service.coNsul", "a.service.registry.EXAMPLE", "a.service.consul"];
        foreach (var question in questions.Concat(questions.Reverse()))
        {
            var soa = Soa(question);
            var domain = string.Join('.', question.Split('.')[2..]) + ".";
            Assert.Equal(domain, soa.Name.ToString());
            Assert.Equal("ns." + domain, soa.MasterName.ToString());
            Assert.Equal("hostmaster." + domain, soa.ResponsibleName.ToString());
        }
    }

    private SoaRecord Soa(string name)
    {
        var response = _responder.Answer(DnsMessage.Parse(RawDns.Query(1, name, 1)))!;
        Assert.Equal(ReturnCode.NxDomain, response.ReturnCode);
        var soa = Assert.IsType<SoaRecord>(Assert.Single(response.AuthorityRecords));
        response.Return();
        return soa;
    }
}
