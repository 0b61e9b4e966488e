using System.Net;
using ARSoft.Tools.Net.Dns;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Tests.Support;
using Registry.Dns.Transport;

namespace Registry.Dns.Tests.Transport;

/// <summary>A held response goes back to its pool only with the send of its own last encoding, and only once.</summary>
public sealed class PeerEndPointTests
{
    private readonly WatchedPool _pool = new(poison: false);
    private readonly DnsResponder _responder;
    private readonly DnsMessage _query = DnsMessage.Parse(RawDns.Query(7, "web.service.consul", 1));

    public PeerEndPointTests()
    {
        var catalog = new FakeCatalog();
        catalog.Add("web", "web-1", "10.0.0.7", 8080);
        _responder = new DnsResponder(catalog, new DnsOptions(), TimeProvider.System, _pool);
    }

    [Fact]
    public void Only_the_send_of_a_responses_last_encoding_returns_it_and_only_once()
    {
        var peer = new PeerEndPoint(new IPEndPoint(IPAddress.Loopback, 5300), slots: 2);
        var first = _responder.Answer(_query)!;
        var second = _responder.Answer(_query)!;
        Assert.True(peer.Hold(first));
        Assert.True(peer.Hold(second));
        var firstEncoding = ArsoftEncoder.Encode(first);
        var secondEncoding = ArsoftEncoder.Encode(second);
        var reencoded = ArsoftEncoder.Encode(first);

        peer.Release(firstEncoding);
        Assert.Equal(0, _pool.Returns);
        peer.Release(secondEncoding);
        Assert.Equal(1, _pool.Returns);
        peer.Release(secondEncoding);
        Assert.Equal(1, _pool.Returns);
        peer.Release(reencoded);
        Assert.Equal(2, _pool.Returns);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5300), peer);
    }

    [Fact]
    public void A_response_beyond_the_free_slots_is_not_held_and_never_returned()
    {
        var peer = new PeerEndPoint(new IPEndPoint(IPAddress.Loopback, 5300), slots: 1);
        var held = _responder.Answer(_query)!;
        var extra = _responder.Answer(_query)!;

        Assert.True(peer.Hold(held));
        Assert.False(peer.Hold(extra));
        peer.Release(ArsoftEncoder.Encode(extra));
        Assert.Equal(0, _pool.Returns);
        peer.Release(ArsoftEncoder.Encode(held));
        Assert.Equal(1, _pool.Returns);
        Assert.True(peer.Hold(extra));
    }
}
