using System.CommandLine;
using System.Text;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>`registry get PATH [--stat]`: the data as UTF-8 text, and with --stat the Stat as zkCli `get -s` prints it.</summary>
internal sealed class GetCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create();
    private readonly Option<bool> _stat = new("--stat", "-s") { Description = "Also print the node's Stat" };

    public GetCommand()
        : base("get", "Print a znode's data")
    {
        Arguments.Add(_path);
        Options.Add(_stat);
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var node = await client.GetNodeAsync(result.GetRequiredValue(_path), ct);
        var output = result.InvocationConfiguration.Output;
        await output.WriteLineAsync(Encoding.UTF8.GetString(node.Data));
        if (result.GetValue(_stat))
        {
            await StatText.WriteAsync(output, node.Stat);
        }

        return 0;
    }
}
