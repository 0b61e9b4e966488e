using System.ComponentModel.DataAnnotations;
using Registry.Server.Ensemble.Configuration;
using Registry.Tree.Prepare;

namespace Registry.Server.Options;

/// <summary>Server settings, bound from the "Registry" configuration section (appsettings, REGISTRY__* variables, --Registry:Key=value).</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string Section = "Registry";

    /// <summary>Where the transaction log and snapshots live.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>This server's id (1..254); the top byte of every session id it creates.</summary>
    [Range(1, 254)]
    public int ServerId { get; set; } = 1;

    /// <summary>ZooKeeper's tickTime: session timeouts are negotiated between 2 and 20 ticks.</summary>
    [Range(10, 60_000)]
    public int TickTimeMs { get; set; } = 2000;

    /// <summary>Largest znode payload in bytes (jute.maxbuffer).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxDataBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest znode path accepted.</summary>
    [Range(16, 65_536)]
    public int MaxPathLength { get; set; } = 4096;

    /// <summary>Whether TTL nodes may be created.</summary>
    public bool TtlNodesEnabled { get; set; } = true;

    /// <summary>fsync the log before acknowledging writes. Turning it off loses acknowledged writes on power loss.</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Transactions between snapshots (ZooKeeper's snapCount; each server randomises within half of it).</summary>
    [Range(10, 100_000_000)]
    public int SnapshotEvery { get; set; } = 100_000;

    /// <summary>Snapshots kept by the purge policy (the logs needed to replay from the oldest are kept too).</summary>
    [Range(1, 1000)]
    public int SnapshotRetainCount { get; set; } = 3;

    /// <summary>How often empty containers and expired TTL nodes are looked for.</summary>
    [Range(10, 3_600_000)]
    public int ReapIntervalMs { get; set; } = 60_000;

    /// <summary>Changes kept for /v1/events; an older index gets a reset answer.</summary>
    [Range(16, 10_000_000)]
    public int ChangeLogCapacity { get; set; } = 100_000;

    /// <summary>Writes admitted to the pipeline at once; beyond it a write is refused as overloaded.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingWrites { get; set; } = 20_000;

    /// <summary>A digest id ("super:base64(sha1)") whose holder bypasses every ACL, like ZooKeeper's superDigest.</summary>
    public string? SuperDigest { get; set; }

    /// <summary>
    /// Key of the session password function (HMAC of the session id). Servers of one ensemble need the same
    /// value; when unset a random secret is kept in the data directory.
    /// </summary>
    public string? SessionSecret { get; set; }

    /// <summary>Port of the ZooKeeper client protocol (and its four-letter words); 0 disables it.</summary>
    [Range(0, 65_535)]
    public int ZooKeeperPort { get; set; } = 2181;

    /// <summary>Largest ZooKeeper frame accepted (jute.maxbuffer plus room for the request around the data); larger ones close the connection.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int ZooKeeperMaxFrameBytes { get; set; } = (1024 * 1024) + (64 * 1024);

    /// <summary>Requests one ZooKeeper connection may have unanswered; beyond it the server stops reading from it.</summary>
    [Range(1, 100_000)]
    public int ZooKeeperMaxOutstandingRequests { get; set; } = 1000;

    /// <summary>Four-letter words answered (4lw.commands.whitelist): comma-separated, "*" for all; srvr is always answered.</summary>
    public string FourLetterWords { get; set; } = "srvr";

    /// <summary>
    /// The ensemble in ZooKeeper's server.N shape, <c>1=host:2888:3888,2=host:2889:3889,3=host:2890:3890[:observer]</c>,
    /// this server included; empty runs a standalone server.
    /// </summary>
    public string? Peers { get; set; }

    /// <summary>ZooKeeper's initLimit: ticks a follower may take to connect to and synchronise with a leader.</summary>
    [Range(2, 1000)]
    public int InitLimit { get; set; } = 10;

    /// <summary>ZooKeeper's syncLimit: ticks of silence after which a follower and its leader give up on each other.</summary>
    [Range(2, 1000)]
    public int SyncLimit { get; set; } = 5;

    public bool IsEnsemble => !string.IsNullOrWhiteSpace(Peers);

    public int MinSessionTimeoutMs => 2 * TickTimeMs;

    public int MaxSessionTimeoutMs => 20 * TickTimeMs;

    /// <summary>The limits every write is prepared with.</summary>
    public PreparerOptions PreparerOptions() => new()
    {
        MaxDataBytes = MaxDataBytes,
        MaxPathLength = MaxPathLength,
        TtlEnabled = TtlNodesEnabled,
    };

    /// <summary>The parsed ensemble; only for <see cref="IsEnsemble"/>.</summary>
    public PeerList PeerList() => Ensemble.Configuration.PeerList.Parse(Peers ?? string.Empty, ServerId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnsemble)
        {
            yield break;
        }

        string? error = null;
        try
        {
            PeerList();
        }
        catch (FormatException e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult(error, [nameof(Peers)]);
        }
    }
}
