using System.CommandLine;
using System.Text;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>`registry set PATH DATA [-v N]`: replace the data, conditionally on the data version with -v.</summary>
internal sealed class SetCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create();
    private readonly Argument<string> _data = new("DATA") { Description = "The new data, as UTF-8 text" };
    private readonly Option<int?> _version = new("--version", "-v") { HelpName = "N", Description = "Only if the node's data version is still N" };

    public SetCommand()
        : base("set", "Replace a znode's data")
    {
        Arguments.Add(_path);
        Arguments.Add(_data);
        Options.Add(_version);
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var data = Encoding.UTF8.GetBytes(result.GetRequiredValue(_data));
        await client.SetAsync(result.GetRequiredValue(_path), data, result.GetValue(_version), ct);
        return 0;
    }
}
