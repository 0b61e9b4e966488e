using Registry.Catalog.Documents;
using Registry.Catalog.Model;

namespace Registry.Catalog.Index;

/// <summary>An indexed instance: the read model plus the document it came from (checks and their states).</summary>
public sealed record CatalogEntry(ServiceInstance Instance, InstanceDocument Document, int Version);

/// <summary>An instance znode whose data is not a valid instance document (left in place, reported).</summary>
public sealed record InvalidInstance(string Znode, string Reason, long Zxid);
