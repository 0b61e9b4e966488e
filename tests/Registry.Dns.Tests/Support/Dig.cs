using System.Diagnostics;

namespace Registry.Dns.Tests.Support;

/// <summary>What <c>dig</c> printed: the header status and flags, and the records of each section as dig formats them.</summary>
internal sealed record DigResult(string Output)
{
    public string Status => Between(";; ->>HEADER<<- opcode: QUERY, status: ", ",");

    /// <summary>The flags dig prints (qr aa rd tc ...).</summary>
    public IReadOnlyList<string> Flags => Between(";; flags: ", ";").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string[]> Answer => Section(";; ANSWER SECTION:");

    public IReadOnlyList<string[]> Authority => Section(";; AUTHORITY SECTION:");

    public IReadOnlyList<string[]> Additional => Section(";; ADDITIONAL SECTION:");

    public IReadOnlyList<string> Question =>
        [.. Output.Split('\n').SkipWhile(l => !l.StartsWith(";; QUESTION SECTION:", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.TrimStart(';'))];

    private string Between(string start, string end)
    {
        var from = Output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"dig printed no '{start}':\n{Output}");
        from += start.Length;
        return Output[from..Output.IndexOf(end, from, StringComparison.Ordinal)];
    }

    /// <summary>Each record split on whitespace: owner, TTL, class, type, RDATA fields.</summary>
    private IReadOnlyList<string[]> Section(string heading) =>
        [.. Output.Split('\n')
            .SkipWhile(l => !l.StartsWith(heading, StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(l => l.Length > 0)
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))];
}

/// <summary>Runs the real <c>dig</c> (dnsutils) against a loopback port.</summary>
internal static class Dig
{
    public static async Task<DigResult> RunAsync(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("dig")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+tries=1", "+time=5", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dig could not be started (scripts/setup.sh installs dnsutils)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dig {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        return new DigResult(await output);
    }
}
