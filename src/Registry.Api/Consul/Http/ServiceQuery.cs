using Microsoft.AspNetCore.Http;
using Registry.Catalog.Index;
using Registry.Catalog.Model;

namespace Registry.Api.Consul.Http;

/// <summary>The instance filters Consul's catalog and health reads share: repeatable ?tag= (all must match), ?passing and ?filter=.</summary>
public static class ServiceQuery
{
    /// <summary>The entries the query selects, or the 400 a malformed ?filter= gets.</summary>
    public static (IEnumerable<CatalogEntry> Entries, IResult? Error) Select(HttpContext http, IEnumerable<CatalogEntry> entries, bool passingOnly)
    {
        ConsulFilter? filter = null;
        if (http.Request.Query["filter"].ToString() is { Length: > 0 } expression && !ConsulFilter.TryParse(expression, out filter, out var error))
        {
            return ([], ConsulResults.BadRequest(error!));
        }

        var tags = http.Request.Query["tag"].Where(t => !string.IsNullOrEmpty(t)).ToList();
        return (entries.Where(e =>
            (!passingOnly || e.Instance.Health == HealthStatus.Passing)
            && tags.TrueForAll(t => e.Instance.Tags.Contains(t!, StringComparer.Ordinal))
            && (filter is null || filter.Matches(e))), null);
    }

    /// <summary>Consul's flag syntax: ?passing, ?passing=true, ?passing=1 (false/0 turn it off).</summary>
    public static bool Flag(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var value) && value.ToString() is not ("false" or "0");
}
