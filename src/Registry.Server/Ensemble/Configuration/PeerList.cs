using System.Globalization;

namespace Registry.Server.Ensemble.Configuration;

/// <summary>
/// <c>Registry:Peers</c> in ZooKeeper's server.N shape: <c>id=host:quorumPort:electionPort[:observer]</c>, comma
/// separated. Empty means standalone. Each server may be given different addresses for the same peer (a proxy
/// per link); only the ids and roles must agree across the ensemble.
/// </summary>
public sealed class PeerList
{
    private PeerList(IReadOnlyList<PeerEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<PeerEntry> Entries { get; }

    public PeerEntry this[int id] => Entries.First(e => e.Id == id);

    /// <summary>Parses a non-empty list; throws <see cref="FormatException"/> naming the offending entry.</summary>
    public static PeerList Parse(string peers, int selfId)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var entries = new List<PeerEntry>();
        foreach (var raw in peers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = ParseEntry(raw);
            if (entries.Any(e => e.Id == entry.Id))
            {
                throw new FormatException($"Registry:Peers lists server {entry.Id} twice");
            }

            entries.Add(entry);
        }

        if (entries.Count == 0)
        {
            throw new FormatException("Registry:Peers has no entries; leave it empty for a standalone server");
        }

        if (entries.All(e => e.Id != selfId))
        {
            throw new FormatException($"Registry:Peers does not list this server's id {selfId} (Registry:ServerId)");
        }

        if (entries.All(e => e.IsObserver))
        {
            throw new FormatException("Registry:Peers needs at least one voting server (not :observer)");
        }

        return new PeerList([.. entries.OrderBy(e => e.Id)]);
    }

    private static PeerEntry ParseEntry(string raw)
    {
        var equals = raw.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw Malformed(raw, "expected id=host:quorumPort:electionPort[:observer]");
        }

        if (!int.TryParse(raw.AsSpan(0, equals), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id is < 1 or > 254)
        {
            throw Malformed(raw, "the id must be a number from 1 to 254");
        }

        var parts = raw[(equals + 1)..].Split(':');
        var observer = parts.Length == 4 && parts[3].Equals("observer", StringComparison.OrdinalIgnoreCase);
        if (parts.Length == 4 && !observer && !parts[3].Equals("participant", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(raw, $"unknown role '{parts[3]}' (only :observer or :participant)");
        }

        if (parts.Length is not (3 or 4) || parts[0].Length == 0)
        {
            throw Malformed(raw, "expected id=host:quorumPort:electionPort[:observer]");
        }

        var quorumPort = ParsePort(raw, parts[1]);
        var electionPort = ParsePort(raw, parts[2]);
        if (quorumPort == electionPort)
        {
            throw Malformed(raw, "the quorum and election ports must differ");
        }

        return new PeerEntry(id, parts[0], quorumPort, electionPort, observer);
    }

    private static int ParsePort(string raw, string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65_535
            ? value
            : throw Malformed(raw, $"'{port}' is not a port (1..65535)");

    private static FormatException Malformed(string raw, string why) => new($"Registry:Peers entry '{raw}' is malformed: {why}");
}
