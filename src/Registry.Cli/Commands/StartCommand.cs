using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Registry.Api;
using Registry.Cli.Hosting;
using Registry.Server.Options;

namespace Registry.Cli.Commands;

/// <summary>
/// `registry start`: runs a server in the foreground until SIGINT or SIGTERM. Its options are shorthands for
/// configuration keys; any other token (--Registry:TickTimeMs=500, --urls ...) goes to the ASP.NET Core host
/// as it is, so every setting stays reachable without an option here.
/// </summary>
internal sealed class StartCommand : Command
{
    private readonly List<Func<ParseResult, string?>> _settings = [];

    public StartCommand()
        : base("start", "Run a server in the foreground until SIGINT or SIGTERM; other settings pass through as --Registry:Key=value")
    {
        AddSetting(new Option<string>("--data") { HelpName = "DIR", Description = "Data directory for the log, snapshots and registry.pid (default ./data)" }, "Registry:DataDir");
        AddSetting(new Option<int>("--http-port") { HelpName = "PORT", Description = "Port of the HTTP API (default 8500)" }, "Registry:HttpPort");
        AddSetting(new Option<string>("--bind") { HelpName = "ADDRESS", Description = "IP address to listen on (default 0.0.0.0)" }, "Registry:BindAddress");
        AddSetting(new Option<int>("--zk-port") { HelpName = "PORT", Description = "Port of the ZooKeeper client protocol (default 2181; 0 turns it off)" }, "Registry:ZooKeeperPort");
        AddSetting(new Option<int>("--dns-port") { HelpName = "PORT", Description = "Port of the DNS responder, UDP and TCP (default 8600; 0 turns DNS off)" }, "Registry:Dns:Port");
        AddSetting(new Option<int>("--id") { HelpName = "N", Description = "This server's id, 1..254 (default 1)" }, "Registry:ServerId");
        AddSetting(new Option<string>("--peers") { HelpName = "LIST", Description = "The ensemble, id=host:quorumPort:electionPort[:observer] comma separated, this server included (default: standalone)" }, "Registry:Peers");
        TreatUnmatchedTokensAsErrors = false;
        SetAction(RunAsync);
    }

    /// <summary>An option that, when given, becomes --<paramref name="key"/>=value for the host.</summary>
    private void AddSetting<T>(Option<T> option, string key)
    {
        Options.Add(option);
        _settings.Add(r => r.GetResult(option) is null ? null : string.Create(CultureInfo.InvariantCulture, $"--{key}={r.GetValue(option)}"));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken ct)
    {
        // The options come after the passed-through tokens so that they win for the same key.
        string[] hostArgs = [.. result.UnmatchedTokens, .. _settings.Select(s => s(result)).OfType<string>()];
        await using var app = await TryStartAsync(hostArgs, result.InvocationConfiguration.Error, ct);
        if (app is null)
        {
            return 1;
        }

        // Written only once the server listens, so `registry stop` never finds a server that cannot serve yet.
        var pidFile = PidFile.In(app.Services.GetRequiredService<ServerOptions>().DataDir);
        pidFile.Write();
        try
        {
            // Returns after SIGINT/SIGTERM and the host's graceful stop, which drains the write pipeline.
            await app.WaitForShutdownAsync(ct);
        }
        finally
        {
            pidFile.DeleteIfOwned();
        }

        return 0;
    }

    /// <returns>The listening server, or null after reporting why it could not start (bad settings, port taken, unreadable data).</returns>
    private static async Task<WebApplication?> TryStartAsync(string[] hostArgs, TextWriter error, CancellationToken ct)
    {
        WebApplication? app = null;
        try
        {
            app = RegistryWebApp.Build(hostArgs);
            app.Recover();
            await app.StartAsync(ct);
            return app;
        }
        catch (Exception e) when (e is IOException or OptionsValidationException or FormatException or UnauthorizedAccessException)
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await error.WriteLineAsync($"Error: the server could not start: {e.Message}");
            return null;
        }
    }
}
