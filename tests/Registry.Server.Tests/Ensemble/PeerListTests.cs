using Registry.Server.Ensemble.Configuration;
using Registry.Server.Options;

namespace Registry.Server.Tests.Ensemble;

public sealed class PeerListTests
{
    [Fact]
    public void Parses_zookeeper_server_entries_with_observers()
    {
        var peers = PeerList.Parse(" 3=10.0.0.3:2890:3890:observer, 1=host-a:2888:3888,2=127.0.0.1:2889:3889 ", 2);

        Assert.Equal([1, 2, 3], peers.Entries.Select(e => e.Id));
        Assert.Equal(new PeerEntry(1, "host-a", 2888, 3888, false), peers[1]);
        Assert.True(peers[3].IsObserver);
        Assert.Equal("127.0.0.1:2889:3889", peers[2].Address);
        Assert.Equal("10.0.0.3:2890", peers[3].QuorumAddress);
    }

    [Theory]
    [InlineData("1=h:2888:3888,1=h:2889:3889", "twice")]
    [InlineData("1=h:2888", "malformed")]
    [InlineData("1=h:2888:3888:leader", "unknown role")]
    [InlineData("0=h:2888:3888", "1 to 254")]
    [InlineData("x=h:2888:3888", "1 to 254")]
    [InlineData("1=h:2888:70000", "not a port")]
    [InlineData("1=h:2888:2888", "must differ")]
    [InlineData("1=:2888:3888", "malformed")]
    [InlineData("h:2888:3888", "malformed")]
    [InlineData("2=h:2888:3888", "does not list this server's id 1")]
    [InlineData("1=h:2888:3888:observer", "at least one voting")]
    [InlineData(" , ", "no entries")]
    public void Rejects_malformed_lists_with_a_clear_message(string peers, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PeerList.Parse(peers, 1));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_reports_the_peer_list_error_and_accepts_standalone()
    {
        var bad = new ServerOptions { ServerId = 4, Peers = "1=h:2888:3888" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(bad, new(bad), results, validateAllProperties: true));
        Assert.Contains("does not list this server's id 4", results.Single().ErrorMessage, StringComparison.Ordinal);
        Assert.False(new ServerOptions { Peers = " " }.IsEnsemble);
    }
}
