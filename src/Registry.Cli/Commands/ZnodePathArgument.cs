using System.CommandLine;

namespace Registry.Cli.Commands;

/// <summary>The PATH argument of the tree commands: absolute, as the server's URLs need.</summary>
internal static class ZnodePathArgument
{
    public static Argument<string> Create(string description = "The znode path, e.g. /services/web")
    {
        var argument = new Argument<string>("PATH") { Description = description };
        argument.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } path && !path.StartsWith('/'))
            {
                r.AddError($"'{path}' is not an absolute znode path (it must start with /)");
            }
        });
        return argument;
    }
}
