using Registry.Catalog.Documents;
using Registry.Health.Definitions;

namespace Registry.Health.Tests;

public sealed class CheckSpecTests
{
    private static readonly HealthOptions Options = new();

    [Theory]
    [InlineData("10x", "not a duration")]
    [InlineData("1000h", "between")]
    [InlineData("", "Interval is required")]
    public void Bad_intervals_are_refused_with_the_reason(string interval, string reason)
    {
        Assert.False(CheckSpec.TryCreate(new CheckDocument { Http = "http://127.0.0.1:1/", Interval = interval }, Options, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_needs_exactly_one_kind()
    {
        Assert.False(CheckSpec.TryCreate(new CheckDocument(), Options, out _, out var none));
        Assert.Contains("must be set", none, StringComparison.Ordinal);
        Assert.False(CheckSpec.TryCreate(new CheckDocument { Ttl = "10s", Tcp = "a:1" }, Options, out _, out var two));
        Assert.Contains("only one", two, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x/")]
    [InlineData("not a url")]
    public void Http_targets_must_be_http_urls(string url) =>
        Assert.False(CheckSpec.TryCreate(new CheckDocument { Http = url, Interval = "1s" }, Options, out _, out _));

    [Theory]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    [InlineData(":80")]
    public void Tcp_targets_must_be_host_and_port(string target) =>
        Assert.False(CheckSpec.TryCreate(new CheckDocument { Tcp = target, Interval = "1s" }, Options, out _, out _));

    [Fact]
    public void Floors_are_applied_and_defaults_filled_in()
    {
        Assert.True(CheckSpec.TryCreate(
            new CheckDocument { Tcp = "[::1]:80", Interval = "10ms", DeregisterCriticalServiceAfter = "1s", FailuresBeforeCritical = 3 },
            Options, out var spec, out _));
        Assert.Equal(CheckKind.Tcp, spec!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), spec.Interval);
        Assert.Equal(TimeSpan.FromMinutes(1), spec.DeregisterAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), spec.Timeout);
        Assert.Equal(3, spec.FailuresBeforeWarning);
        Assert.Equal(4096, spec.OutputMaxSize);
    }

    [Fact]
    public void Timeouts_beyond_the_limit_are_refused()
    {
        Assert.False(CheckSpec.TryCreate(new CheckDocument { Ttl = "10s", Timeout = "1h" }, Options, out _, out var error));
        Assert.Contains("Timeout", error, StringComparison.Ordinal);
    }
}
