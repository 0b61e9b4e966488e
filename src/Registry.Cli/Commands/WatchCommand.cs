using System.CommandLine;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>
/// `registry watch PATH [--recursive] [--count N] [--wait 30s]`: follows GET /v1/events by index from now on,
/// one line per change, until --count changes were printed or Ctrl-C.
/// </summary>
internal sealed class WatchCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create("The path followed: itself and its children, or its whole subtree with --recursive");
    private readonly Option<bool> _recursive = new("--recursive", "-r") { Description = "Follow the whole subtree" };
    private readonly Option<int?> _count = new("--count", "-n") { HelpName = "N", Description = "Stop after N changes" };
    private readonly Option<TimeSpan> _wait = new("--wait")
    {
        Description = "Longest single long poll (30s, 5m; the server caps it at 10m)",
        HelpName = "DURATION",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = Durations.Parse,
    };

    public WatchCommand()
        : base("watch", "Print changes under a znode as they happen")
    {
        Arguments.Add(_path);
        Options.Add(_recursive);
        Options.Add(_count);
        Options.Add(_wait);
        _count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is <= 0)
            {
                r.AddError("--count must be a positive number");
            }
        });
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var path = result.GetRequiredValue(_path);
        var recursive = result.GetValue(_recursive);
        var wait = result.GetValue(_wait);
        var remaining = result.GetValue(_count) ?? int.MaxValue;
        var output = result.InvocationConfiguration.Output;

        var index = (await client.GetEventsAsync(path, recursive, null, wait, ct)).Index;
        while (remaining > 0)
        {
            var page = await client.GetEventsAsync(path, recursive, index, wait, ct);
            if (page.Reset)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(
                    $"Warning: changes after {StatText.Hex(index)} are no longer retained by the server and some were missed; continuing from {StatText.Hex(page.Index)}");
            }

            foreach (var change in page.Events.Take(remaining))
            {
                await output.WriteLineAsync($"{StatText.Hex(change.Zxid)} {change.Type} {change.Path}");
                remaining--;
            }

            index = page.Index;
        }

        return 0;
    }
}
