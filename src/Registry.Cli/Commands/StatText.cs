using System.Globalization;
using Registry.Cli.Rest;
using static System.FormattableString;

namespace Registry.Cli.Commands;

/// <summary>A Stat printed the way zkCli's `stat` and `get -s` print it, so the output reads familiar.</summary>
internal static class StatText
{
    public static string Hex(long zxid) => "0x" + zxid.ToString("x", CultureInfo.InvariantCulture);

    public static async Task WriteAsync(TextWriter output, StatDto stat)
    {
        foreach (var line in Lines(stat))
        {
            await output.WriteLineAsync(line);
        }
    }

    private static IEnumerable<string> Lines(StatDto s) =>
    [
        $"cZxid = {Hex(s.Czxid)}",
        $"ctime = {Time(s.Ctime)}",
        $"mZxid = {Hex(s.Mzxid)}",
        $"mtime = {Time(s.Mtime)}",
        $"pZxid = {Hex(s.Pzxid)}",
        Invariant($"cversion = {s.Cversion}"),
        Invariant($"dataVersion = {s.Version}"),
        Invariant($"aclVersion = {s.Aversion}"),
        $"ephemeralOwner = 0x{s.EphemeralOwner}",
        Invariant($"dataLength = {s.DataLength}"),
        Invariant($"numChildren = {s.NumChildren}"),
    ];

    // Java's Date.toString layout, in UTC so the output does not depend on the machine's zone.
    private static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}
