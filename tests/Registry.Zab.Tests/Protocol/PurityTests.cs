using System.Text.RegularExpressions;

namespace Registry.Zab.Tests.Protocol;

/// <summary>The protocol core stays pure: no I/O, threads, tasks, clocks or ambient randomness in its source.</summary>
public sealed partial class PurityTests
{
    [Fact]
    public void The_protocol_core_uses_no_io_threads_clocks_or_ambient_randomness()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Registry.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var sources = Directory.GetFiles(Path.Combine(root.FullName, "src", "Registry.Zab", "Protocol"), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(sources);
        var offences = sources
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => Banned().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [GeneratedRegex(@"System\.Net|System\.IO|System\.Threading|\bTask\b|\bThread\b|DateTime|Stopwatch|TimeProvider|Environment\.TickCount|Random\.Shared|new Random\(\)|Guid\.NewGuid|\block\s*\(")]
    private static partial Regex Banned();
}
