using System.CommandLine;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>`registry stat PATH`: the node's Stat as zkCli prints it.</summary>
internal sealed class StatCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create();

    public StatCommand()
        : base("stat", "Print a znode's Stat")
    {
        Arguments.Add(_path);
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var node = await client.GetNodeAsync(result.GetRequiredValue(_path), ct);
        await StatText.WriteAsync(result.InvocationConfiguration.Output, node.Stat);
        return 0;
    }
}
