using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Api.Consul.Agent;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Api.Http;
using Registry.Catalog.Index;
using Registry.Catalog.Model;
using Registry.Catalog.Registration;
using Registry.Health.Definitions;
using Registry.Health.Scheduling;

namespace Registry.Api.Consul.Endpoints;

/// <summary>/v1/agent: services and checks registered through this server's node.</summary>
public static class AgentEndpoints
{
    private const int MaxRegistrationBytes = 1024 * 1024;

    public static RouteGroupBuilder MapConsulAgent(this RouteGroupBuilder consul)
    {
        var agent = consul.MapGroup("/agent");
        agent.MapPut("/service/register", RegisterAsync).WithSummary("Register or replace a service instance (Consul)");
        agent.MapPut("/service/deregister/{id}", DeregisterAsync).WithSummary("Deregister a service instance (Consul)");
        agent.MapGet("/services", Services).WithSummary("Instances registered on this node (Consul)");
        agent.MapGet("/service/{id}", ServiceAsync).WithSummary("One instance registered on this node; hash-based blocking (Consul)");
        agent.MapGet("/checks", Checks).WithSummary("Checks of this node's instances (Consul)");
        agent.MapGet("/self", Self).WithSummary("This agent's configuration (Consul)");
        foreach (var (verb, status) in new[] { ("pass", HealthStatus.Passing), ("warn", HealthStatus.Warning), ("fail", HealthStatus.Critical) })
        {
            agent.MapMethods($"/check/{verb}/{{checkId}}", ["PUT", "GET"], (HttpContext http, HealthScheduler scheduler, ConsulViews views, string checkId) =>
                    ReportAsync(scheduler, views, checkId, status, http.Request.Query["note"].ToString()))
                .WithSummary($"Report a TTL check as {ConsulViews.StatusText(status)} (Consul)");
        }

        agent.MapPut("/check/update/{checkId}", UpdateAsync).WithSummary("Report a TTL check's status and output (Consul)");
        return consul;
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, ServiceRegistrar registrar, ConsulViews views, HealthOptions health)
    {
        var body = await BodyReader.ReadAsync(http.Request, MaxRegistrationBytes, http.RequestAborted);
        ServiceRegistrationDto dto;
        try
        {
            dto = RegistrationReader.Parse(body);
        }
        catch (JsonException e)
        {
            return ConsulResults.BadRequest($"Request decode failed: {e.Message}");
        }

        var document = RegistrationReader.ToDocument(dto, views.LocalNode, health, out var error);
        if (document is null)
        {
            return ConsulResults.BadRequest(error!);
        }

        var replace = http.Request.Query.TryGetValue("replace-existing-checks", out var flag) && flag.ToString() is "" or "true" or "1";
        await registrar.RegisterAsync(document, replace);
        return ConsulResults.Ok();
    }

    private static async Task<IResult> DeregisterAsync(ServiceRegistrar registrar, ServiceCatalog catalog, ConsulViews views, string id)
    {
        if (catalog.FindById(views.LocalNode, id) is not { } entry)
        {
            return ConsulResults.NotFound($"Unknown service ID \"{id}\". Ensure that the service ID is passed, not the service name.");
        }

        await registrar.DeregisterAsync(entry);
        return ConsulResults.Ok();
    }

    private static IResult Services(HttpContext http, ServiceCatalog catalog, ConsulViews views)
    {
        var local = catalog.InstancesOnNode(views.LocalNode).Select(i => catalog.FindById(i.Node, i.Id)).OfType<CatalogEntry>();
        var (entries, invalid) = ServiceQuery.Select(http, local, passingOnly: false);
        if (invalid is not null)
        {
            return invalid;
        }

        var services = entries.ToDictionary(e => e.Instance.Id, e => views.AgentService(e), StringComparer.Ordinal);
        return ConsulResults.Json(http, services, ConsulJsonContext.Default.DictionaryStringAgentServiceDto);
    }

    /// <summary>Hash-based blocking: ?hash=H&amp;wait=D holds the answer until the instance's content hash differs from H.</summary>
    private static async Task<IResult> ServiceAsync(HttpContext http, ServiceCatalog catalog, ConsulViews views, TimeProvider time, string id)
    {
        if (!WaitDuration.TryParse(http.Request.Query["wait"], out var wait))
        {
            return ConsulResults.BadRequest($"Invalid wait time: {http.Request.Query["wait"]}");
        }

        var known = http.Request.Query["hash"].ToString();
        var deadline = time.GetUtcNow() + WaitDuration.WithJitter(wait);
        while (true)
        {
            var (_, changed) = catalog.Signals.Observe(ServiceCatalog.AnyServiceTopic, catalog.AnyServiceIndex);
            try
            {
                if (catalog.FindById(views.LocalNode, id) is not { } entry)
                {
                    return ConsulResults.NotFound($"unknown service ID: {id}");
                }

                var dto = views.AgentService(entry, withHash: true);
                var remaining = deadline - time.GetUtcNow();
                if (known.Length == 0 || dto.ContentHash != known || remaining <= TimeSpan.Zero)
                {
                    http.Response.Headers["X-Consul-ContentHash"] = dto.ContentHash;
                    return ConsulResults.Json(http, dto, ConsulJsonContext.Default.AgentServiceDto);
                }

                try
                {
                    await changed.WaitAsync(remaining, time, http.RequestAborted);
                }
                catch (TimeoutException)
                {
                    deadline = time.GetUtcNow();
                }
            }
            finally
            {
                catalog.Signals.Release(ServiceCatalog.AnyServiceTopic);
            }
        }
    }

    private static IResult Checks(HttpContext http, ServiceCatalog catalog, ConsulViews views)
    {
        var checks = new Dictionary<string, HealthCheckDto>(StringComparer.Ordinal);
        foreach (var instance in catalog.InstancesOnNode(views.LocalNode))
        {
            if (catalog.FindById(instance.Node, instance.Id) is { } entry)
            {
                foreach (var check in ConsulViews.Checks(entry))
                {
                    checks[check.CheckId] = check;
                }
            }
        }

        return ConsulResults.Json(http, checks, ConsulJsonContext.Default.DictionaryStringHealthCheckDto);
    }

    private static IResult Self(HttpContext http, ConsulViews views) =>
        ConsulResults.Json(
            http,
            new Dictionary<string, Dictionary<string, string>>
            {
                ["Config"] = new() { ["Datacenter"] = views.Datacenter, ["NodeName"] = views.LocalNode, ["Server"] = "true", ["Version"] = "1.20.0" },
                ["Member"] = new() { ["Name"] = views.LocalNode, ["Status"] = "1" },
            },
            ConsulJsonContext.Default.DictionaryStringDictionaryStringString);

    private static async Task<IResult> UpdateAsync(HttpContext http, HealthScheduler scheduler, ConsulViews views, string checkId)
    {
        var body = await BodyReader.ReadAsync(http.Request, 64 * 1024, http.RequestAborted);
        CheckUpdateDto? update;
        try
        {
            update = body.Length == 0 ? null : JsonSerializer.Deserialize(body, ConsulJsonContext.Default.CheckUpdateDto);
        }
        catch (JsonException e)
        {
            return ConsulResults.BadRequest($"Request decode failed: {e.Message}");
        }

        if (update is null || !RegistrationReader.TryParseStatus(update.Status ?? "", out var status))
        {
            return ConsulResults.BadRequest($"Invalid check status: '{update?.Status}'");
        }

        return await ReportAsync(scheduler, views, checkId, status, update.Output ?? "");
    }

    private static async Task<IResult> ReportAsync(HealthScheduler scheduler, ConsulViews views, string checkId, HealthStatus status, string output)
    {
        try
        {
            await scheduler.ReportTtlAsync(views.LocalNode, checkId, status, output.Length > 4096 ? output[..4096] : output);
            return ConsulResults.Ok();
        }
        catch (KeyNotFoundException)
        {
            return ConsulResults.NotFound($"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");
        }
        catch (InvalidOperationException e)
        {
            return ConsulResults.Error(e.Message);
        }
    }
}
