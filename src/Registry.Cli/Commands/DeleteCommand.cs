using System.CommandLine;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>`registry delete PATH [-v N] [-r]`: delete a node, conditionally on its version, or its whole subtree.</summary>
internal sealed class DeleteCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create();
    private readonly Option<int?> _version = new("--version", "-v") { HelpName = "N", Description = "Only if the node's data version is still N" };
    private readonly Option<bool> _recursive = new("--recursive", "-r") { Description = "Delete the node and everything under it" };

    public DeleteCommand()
        : base("delete", "Delete a znode")
    {
        Arguments.Add(_path);
        Options.Add(_version);
        Options.Add(_recursive);
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        await client.DeleteAsync(result.GetRequiredValue(_path), result.GetValue(_version), result.GetValue(_recursive), ct);
        return 0;
    }
}
