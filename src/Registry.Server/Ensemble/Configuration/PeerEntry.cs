using System.Globalization;

namespace Registry.Server.Ensemble.Configuration;

/// <summary>One member of the ensemble as this server knows it: where to reach it and whether it votes.</summary>
public sealed record PeerEntry(int Id, string Host, int QuorumPort, int ElectionPort, bool IsObserver)
{
    /// <summary>host:quorumPort:electionPort, the shape of the configuration entry without its id and role.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"{Host}:{QuorumPort}:{ElectionPort}");

    public string QuorumAddress => string.Create(CultureInfo.InvariantCulture, $"{Host}:{QuorumPort}");
}
