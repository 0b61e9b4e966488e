using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Consul.Agent;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Catalog.Index;
using Registry.Server;

namespace Registry.Api.Consul.Endpoints;

/// <summary>/v1/health: discovery with check states; blocking queries wake only for the service asked about.</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapConsulHealth(this RouteGroupBuilder consul)
    {
        var health = consul.MapGroup("/health");
        health.MapGet("/service/{name}", ServiceAsync).WithSummary("Instances of a service with their checks (Consul; blocking; ?passing, ?tag=)");
        health.MapGet("/checks/{name}", ChecksAsync).WithSummary("Checks of every instance of a service (Consul; blocking)");
        health.MapGet("/state/{state}", StateAsync).WithSummary("Checks in a state: any, passing, warning, critical (Consul; blocking)");
        health.MapGet("/node/{node}", NodeAsync).WithSummary("Checks of a node (Consul; blocking)");
        return consul;
    }

    private static async Task<IResult> ServiceAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views, string name)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.ServiceTopic(name), () => catalog.ServiceIndex(name));
        if (error is not null)
        {
            return error;
        }

        var (entries, invalid) = ServiceQuery.Select(http, catalog.Entries(name), ServiceQuery.Flag(http, "passing"));
        return invalid ?? ConsulResults.Json(http, [.. entries.Select(views.ServiceEntry)], ConsulJsonContext.Default.ListServiceEntryDto);
    }

    private static async Task<IResult> ChecksAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views, string name)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.ServiceTopic(name), () => catalog.ServiceIndex(name));
        if (error is not null)
        {
            return error;
        }

        return ConsulResults.Json(http, [.. catalog.Entries(name).SelectMany(ConsulViews.Checks)], ConsulJsonContext.Default.ListHealthCheckDto);
    }

    private static async Task<IResult> StateAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views, string state)
    {
        if (state != "any" && !RegistrationReader.TryParseStatus(state, out _))
        {
            return ConsulResults.BadRequest($"Invalid check state: '{state}'");
        }

        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.AnyServiceTopic, () => catalog.AnyServiceIndex);
        if (error is not null)
        {
            return error;
        }

        var nodes = catalog.AllEntries().Select(e => e.Instance.Node).Append(views.LocalNode).Distinct(StringComparer.Ordinal);
        var checks = nodes.Select(ConsulViews.SerfHealth).Concat(catalog.AllEntries().SelectMany(ConsulViews.Checks));
        return ConsulResults.Json(http, [.. checks.Where(c => state == "any" || c.Status == state)], ConsulJsonContext.Default.ListHealthCheckDto);
    }

    private static async Task<IResult> NodeAsync(HttpContext http, RegistryServer server, ServiceCatalog catalog, ConsulViews views, string node)
    {
        var (_, error) = await BlockingQuery.WaitAsync(http, server, catalog.Signals, ServiceCatalog.AnyServiceTopic, () => catalog.AnyServiceIndex);
        if (error is not null)
        {
            return error;
        }

        var entries = catalog.InstancesOnNode(node).Select(i => catalog.FindById(i.Node, i.Id)).OfType<CatalogEntry>().ToList();
        List<HealthCheckDto> checks = entries.Count == 0 && node != views.LocalNode ? [] : [ConsulViews.SerfHealth(node), .. entries.SelectMany(ConsulViews.Checks)];
        return ConsulResults.Json(http, checks, ConsulJsonContext.Default.ListHealthCheckDto);
    }
}
