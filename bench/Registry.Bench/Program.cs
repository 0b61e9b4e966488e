using Registry.Bench.Baseline;
using Registry.Bench.Cli;
using Registry.Bench.Commands;
using Registry.Bench.ZooKeeper;

const string usage = $"""
    registry-bench: load generator for the registry's REST API and ZooKeeper port

    {RestOptions.Usage}

    {CompareReadsCommand.Usage}

    {ConsulCommand.Usage}

    {FanoutCommand.Usage}

    {ChecksCommand.Usage}

    {FailoverCommand.Usage}

    {ZkOptions.Usage}

    registry-bench baseline [--port 8599] [--size 100]
      bare Kestrel answering the same routes and JSON shapes with no registry behind them,
      to measure the HTTP ceiling with the same `rest` command (loopback only)

    exit codes: 0 ok, 1 some request failed, 2 bad command line, 3 setup failed
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}

var rest = args[1..];
if (rest.Contains("--help") || rest.Contains("-h"))
{
    Console.WriteLine(usage);
    return 0;
}

try
{
    switch (args[0])
    {
        case "rest":
        {
            var options = RestOptions.Parse(new ArgReader(rest, RestOptions.ValueOptions, RestOptions.FlagOptions));
            using var interrupt = InterruptOnCtrlC();
            return await RestCommand.RunAsync(options, interrupt.Token);
        }

        case "compare-reads":
        {
            var reader = new ArgReader(rest, CompareReadsCommand.ValueOptions, RestOptions.FlagOptions);
            using var interrupt = InterruptOnCtrlC();
            return await CompareReadsCommand.RunAsync(reader, interrupt.Token);
        }

        case "consul":
        {
            var reader = new ArgReader(rest, RestOptions.ValueOptions, RestOptions.FlagOptions);
            using var interrupt = InterruptOnCtrlC();
            return await ConsulCommand.RunAsync(reader, interrupt.Token);
        }

        case "consul-fanout":
        {
            var reader = new ArgReader(rest, FanoutCommand.ValueOptions, new HashSet<string>());
            using var interrupt = InterruptOnCtrlC();
            return await FanoutCommand.RunAsync(reader, interrupt.Token);
        }

        case "consul-checks":
        {
            var reader = new ArgReader(rest, ChecksCommand.ValueOptions, new HashSet<string>());
            using var interrupt = InterruptOnCtrlC();
            return await ChecksCommand.RunAsync(reader, interrupt.Token);
        }

        case "failover":
        {
            var reader = new ArgReader(rest, FailoverCommand.ValueOptions, new HashSet<string>());
            using var interrupt = InterruptOnCtrlC();
            return await FailoverCommand.RunAsync(reader, interrupt.Token);
        }

        case "zk":
        {
            var options = ZkOptions.Parse(new ArgReader(rest, ZkOptions.ValueOptions, new HashSet<string>()));
            using var interrupt = InterruptOnCtrlC();
            return await ZkCommand.RunAsync(options, interrupt.Token);
        }

        case "baseline":
        {
            var reader = new ArgReader(rest, new HashSet<string> { "port", "size" }, new HashSet<string>());
            return await BaselineServer.RunAsync(
                (int)reader.Integer("port", 8599, 1, 65535), (int)reader.Integer("size", 100, 0, 16 * 1024 * 1024));
        }

        default:
            throw new UsageException($"unknown command '{args[0]}'");
    }
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"registry-bench: {e.Message} (see registry-bench --help)");
    return 2;
}

// Ctrl+C ends the measured window early; the run still cleans up and reports.
static CancellationTokenSource InterruptOnCtrlC()
{
    var interrupt = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        interrupt.Cancel();
    };
    return interrupt;
}
