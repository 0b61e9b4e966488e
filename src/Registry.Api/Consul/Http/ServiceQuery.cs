using Microsoft.AspNetCore.Http;
using Registry.Catalog.Index;
using Registry.Catalog.Model;

namespace Registry.Api.Consul.Http;

/// <summary>The instance filters Consul's catalog and health reads share: repeatable ?tag= (all must match) and ?passing.</summary>
public static class ServiceQuery
{
    public static IEnumerable<CatalogEntry> Select(HttpContext http, IReadOnlyList<CatalogEntry> entries, bool passingOnly)
    {
        var tags = http.Request.Query["tag"].Where(t => !string.IsNullOrEmpty(t)).ToList();
        return entries.Where(e =>
            (!passingOnly || e.Instance.Health == HealthStatus.Passing)
            && tags.TrueForAll(t => e.Instance.Tags.Contains(t!, StringComparer.Ordinal)));
    }

    /// <summary>Consul's flag syntax: ?passing, ?passing=true, ?passing=1 (false/0 turn it off).</summary>
    public static bool Flag(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var value) && value.ToString() is not ("false" or "0");
}
