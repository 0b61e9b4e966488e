using Registry.Catalog.Documents;

namespace Registry.Catalog.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    public void Parses_go_durations(string text, double ms)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("10x")]
    [InlineData("10")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("1e400h")]
    [InlineData("-5s")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(7_200_000, "2h0m0s")]
    public void Formats_like_go(double ms, string text) => Assert.Equal(text, GoDuration.Format(TimeSpan.FromMilliseconds(ms)));
}
