using System.CommandLine;
using Registry.Cli.Rest;
using static System.FormattableString;

namespace Registry.Cli.Commands;

/// <summary>`registry status`: what `zkServer.sh status` tells, from GET /v1/status.</summary>
internal sealed class StatusCommand() : ServerCommand("status", "Show a running server's mode, id, last zxid and counts")
{
    protected override async Task<int> RunAsync(RegistryHttpClient client, ParseResult result, CancellationToken ct)
    {
        var s = await client.GetStatusAsync(ct);
        var output = result.InvocationConfiguration.Output;
        string[] lines =
        [
            $"Mode: {s.Mode}",
            Invariant($"Server id: {s.ServerId}"),
            $"Zxid: {StatText.Hex(s.LastZxid)}",
            $"Address: {client.Address}",
            Invariant($"Nodes: {s.NodeCount}"),
            Invariant($"Sessions: {s.SessionCount}"),
            Invariant($"Ephemerals: {s.EphemeralCount}"),
            Invariant($"Watches: {s.WatchCount}"),
            Invariant($"Pending writes: {s.PendingWrites}"),
            $"Version: {s.Version}",
        ];
        foreach (var line in lines.Concat(EnsembleLines(s)))
        {
            await output.WriteLineAsync(line);
        }

        return 0;
    }

    /// <summary>Leader, epoch and one line per configured server; nothing for a standalone server.</summary>
    private static IEnumerable<string> EnsembleLines(StatusDto s) => s.Peers is null
        ? []
        :
        [
            $"Leader: {(s.LeaderId is { } leader ? Invariant($"{leader}") : "none")}",
            Invariant($"Epoch: {s.Epoch}"),
            .. s.Peers.Select(p => Invariant($"Server {p.ServerId}: {p.Address} {p.Role} {p.State} zxid {StatText.Hex(p.LastZxid)}{(p.Lag is { } lag ? $" lag {lag}" : "")}")),
        ];
}
