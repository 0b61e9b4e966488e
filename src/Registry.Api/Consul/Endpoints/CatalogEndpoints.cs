using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Catalog.Index;
using Registry.Server;

namespace Registry.Api.Consul.Endpoints;

/// <summary>/v1/catalog: every registered instance regardless of health; blocking queries on all reads.</summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapConsulCatalog(this RouteGroupBuilder consul)
    {
        var catalog = consul.MapGroup("/catalog");
        catalog.MapGet("/services", ServicesAsync).WithSummary("Service names with their tags (Consul; blocking)");
        catalog.MapGet("/service/{name}", ServiceAsync).WithSummary("Instances of a service, any health (Consul; blocking; ?tag=)");
        catalog.MapGet("/nodes", NodesAsync).WithSummary("Nodes with registered instances (Consul; blocking)");
        catalog.MapGet("/datacenters", (HttpContext http, ConsulViews views) => ConsulResults.Json(http, [views.Datacenter], ConsulJsonContext.Default.ListString))
            .WithSummary("Known datacenters (Consul)");
        return consul;
    }

    private static async Task<IResult> ServicesAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.AnyServiceTopic, () => catalog.AnyServiceIndex);
        if (error is not null)
        {
            return error;
        }

        var services = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in catalog.ServiceNames)
        {
            services[name] = [.. catalog.Instances(name).SelectMany(i => i.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        return ConsulResults.Json(http, services, ConsulJsonContext.Default.DictionaryStringListString);
    }

    private static async Task<IResult> ServiceAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views, string name)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.ServiceTopic(name), () => catalog.ServiceIndex(name));
        if (error is not null)
        {
            return error;
        }

        var (entries, invalid) = ServiceQuery.Select(http, catalog.Entries(name), passingOnly: false);
        return invalid ?? ConsulResults.Json(http, [.. entries.Select(views.CatalogService)], ConsulJsonContext.Default.ListCatalogServiceDto);
    }

    private static async Task<IResult> NodesAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.AnyServiceTopic, () => catalog.AnyServiceIndex);
        if (error is not null)
        {
            return error;
        }

        var nodes = new SortedDictionary<string, NodeDto>(StringComparer.Ordinal) { [views.LocalNode] = views.Node(views.LocalNode, "") };
        foreach (var entry in catalog.AllEntries())
        {
            nodes.TryAdd(entry.Instance.Node, views.Node(entry.Instance.Node, entry.Instance.Address));
        }

        return ConsulResults.Json(http, [.. nodes.Values], ConsulJsonContext.Default.ListNodeDto);
    }
}
