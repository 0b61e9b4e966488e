using System.Text.Json.Serialization;

namespace Registry.Catalog.Documents;

/// <summary>
/// The JSON stored in an instance znode (<c>/services/&lt;name&gt;/instance-NNNNNNNNNN</c>). Field names are
/// Consul's, so a document written by hand through the ZooKeeper protocol reads like a Consul registration.
/// </summary>
/// <remarks>Settable, not init-only: generated JSON readers set only the fields present, so defaults hold for absent ones.</remarks>
public sealed record InstanceDocument
{
    [JsonPropertyName("Service")]
    public string Service { get; set; } = "";

    [JsonPropertyName("ID")]
    public string Id { get; set; } = "";

    public string Node { get; set; } = "";

    public string Address { get; set; } = "";

    public int Port { get; set; }

    public IReadOnlyList<string> Tags { get; set; } = [];

    public IReadOnlyDictionary<string, string> Meta { get; set; } = new Dictionary<string, string>();

    public WeightsDocument? Weights { get; set; }

    public bool EnableTagOverride { get; set; }

    /// <summary>True when the registry created the owning session (Consul registration) and keeps it alive.</summary>
    public bool RegistrySession { get; set; }

    public IReadOnlyList<CheckDocument> Checks { get; set; } = [];
}

public sealed record WeightsDocument(int Passing, int Warning);
