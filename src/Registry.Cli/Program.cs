using System.CommandLine;
using Registry.Cli.Commands;

var root = new RootCommand("Registry: a ZooKeeper-semantics service registry")
{
    new StartCommand(),
    new StopCommand(),
    new StatusCommand(),
    new LsCommand(),
    new GetCommand(),
    new StatCommand(),
    new CreateCommand(),
    new SetCommand(),
    new DeleteCommand(),
    new WatchCommand(),
};

// The server's host handles SIGINT/SIGTERM itself and may need longer than System.CommandLine's grace
// period to drain; the client commands have nothing to clean up, so the runtime's default exit is right.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
