using System.CommandLine;
using System.Text;
using Registry.Cli.Rest;

namespace Registry.Cli.Commands;

/// <summary>
/// `registry create [-e] [-s] [--ttl MS] [--container] [--session HEX] PATH [DATA]`: the zkCli flags mapped
/// onto the API's ?mode=. An ephemeral without --session gets a fresh session, reported on stderr so the
/// caller can keep it alive; otherwise the node disappears when that session expires.
/// </summary>
internal sealed class CreateCommand : ServerCommand
{
    private readonly Argument<string> _path = ZnodePathArgument.Create("The znode path (for -s, the prefix of the name)");
    private readonly Argument<string> _data = new("DATA") { Description = "The data, as UTF-8 text", DefaultValueFactory = _ => "" };
    private readonly Option<bool> _ephemeral = new("--ephemeral", "-e") { Description = "Delete the node when its session ends" };
    private readonly Option<bool> _sequential = new("--sequential", "-s") { Description = "Append a monotonically increasing 10-digit counter to the name" };
    private readonly Option<long?> _ttl = new("--ttl") { HelpName = "MS", Description = "Make it a TTL node: deleted once it has no children and was not modified for MS milliseconds" };
    private readonly Option<bool> _container = new("--container") { Description = "Delete the node once its last child is deleted" };
    private readonly Option<string?> _session = new("--session") { HelpName = "HEX", Description = "Hex id of the session that owns the ephemeral node" };

    public CreateCommand()
        : base("create", "Create a znode and print its path")
    {
        Arguments.Add(_path);
        Arguments.Add(_data);
        Options.Add(_ephemeral);
        Options.Add(_sequential);
        Options.Add(_ttl);
        Options.Add(_container);
        Options.Add(_session);
        Validators.Add(r =>
        {
            var ephemeral = r.GetValue(_ephemeral);
            var ttl = r.GetValue(_ttl) is not null;
            if (r.GetValue(_container) && (ephemeral || ttl || r.GetValue(_sequential)))
            {
                r.AddError("--container cannot be combined with -e, -s or --ttl");
            }
            else if (ephemeral && ttl)
            {
                r.AddError("--ttl applies to persistent nodes only; it cannot be combined with -e");
            }
        });
    }

    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var ephemeral = result.GetValue(_ephemeral);
        var ttl = result.GetValue(_ttl);
        var session = result.GetValue(_session);
        if (ephemeral && session is null)
        {
            session = (await client.CreateSessionAsync(ct)).Id;
            await result.InvocationConfiguration.Error.WriteLineAsync($"Session: {session}");
        }

        var data = Encoding.UTF8.GetBytes(result.GetRequiredValue(_data));
        var created = await client.CreateAsync(result.GetRequiredValue(_path), data, Mode(result, ephemeral, ttl is not null), ttl, session, ct);
        await result.InvocationConfiguration.Output.WriteLineAsync(created.Path);
        return 0;
    }

    private string Mode(ParseResult result, bool ephemeral, bool ttl)
    {
        var sequential = result.GetValue(_sequential) ? "_sequential" : "";
        return result.GetValue(_container) ? "container"
            : ephemeral ? "ephemeral" + sequential
            : ttl ? "persistent" + sequential + "_ttl"
            : "persistent" + sequential;
    }
}
