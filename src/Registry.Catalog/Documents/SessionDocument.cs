namespace Registry.Catalog.Documents;

/// <summary>
/// A Consul session's settings, in an ephemeral znode owned by the session itself
/// (<c>/registry/sessions/&lt;hex id&gt;</c>), so it vanishes with the session.
/// </summary>
public sealed record SessionDocument
{
    public string Name { get; set; } = "";

    public string Node { get; set; } = "";

    public string Behavior { get; set; } = "release";

    /// <summary>Go duration; empty = no TTL (kept alive by the server while it runs).</summary>
    public string Ttl { get; set; } = "";

    public long LockDelayNs { get; set; } = 15_000_000_000;
}
