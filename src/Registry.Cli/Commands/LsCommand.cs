using System.CommandLine;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>`registry ls PATH`: the child names, one per line.</summary>
internal sealed class LsCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create();

    public LsCommand()
        : base("ls", "List a znode's children")
    {
        Arguments.Add(_path);
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var node = await client.GetChildrenAsync(result.GetRequiredValue(_path), ct);
        foreach (var child in node.Children)
        {
            await result.InvocationConfiguration.Output.WriteLineAsync(child);
        }

        return 0;
    }
}
