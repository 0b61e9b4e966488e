using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Registry.Api.Consul.Contracts;
using Registry.Api.Consul.Http;
using Registry.Catalog.Options;
using Registry.Server.Ensemble.Status;

namespace Registry.Api.Consul.Endpoints;

/// <summary>
/// /v1/status/leader and /peers, which clients use as a liveness probe. Standalone: this server's HTTP address. In an
/// ensemble, like Consul's server RPC addresses: the leader's and the voters' host:quorumPort from Registry:Peers,
/// and "" for the leader while there is none.
/// </summary>
public static class ConsulStatusEndpoints
{
    public static RouteGroupBuilder MapConsulStatus(this RouteGroupBuilder consul)
    {
        consul.MapGet("/status/leader", (HttpContext http, CatalogOptions options, IConfiguration configuration, IReplicationStatus replication) =>
                ConsulResults.Json(http, Leader(replication.Current) ?? Self(options, configuration), ConsulJsonContext.Default.String))
            .WithSummary("The leader's address (Consul)");
        consul.MapGet("/status/peers", (HttpContext http, CatalogOptions options, IConfiguration configuration, IReplicationStatus replication) =>
                ConsulResults.Json(http, Voters(replication.Current) ?? [Self(options, configuration)], ConsulJsonContext.Default.ListString))
            .WithSummary("The voting servers' addresses (Consul)");
        return consul;
    }

    /// <summary>Null when standalone.</summary>
    private static string? Leader(ReplicationStatus status) =>
        status.Peers is not { } peers ? null : peers.FirstOrDefault(p => p.ServerId == status.LeaderId)?.QuorumAddress ?? string.Empty;

    private static List<string>? Voters(ReplicationStatus status) =>
        status.Peers is not { } peers ? null : [.. peers.Where(p => p.IsVoter).Select(p => p.QuorumAddress)];

    private static string Self(CatalogOptions options, IConfiguration configuration) =>
        $"{options.EffectiveNodeAddress}:{configuration.GetValue("Registry:HttpPort", RegistryWebApp.DefaultHttpPort)}";
}
