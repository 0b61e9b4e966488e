using System.Globalization;
using Microsoft.AspNetCore.Http;
using Registry.Api.Http;
using Registry.Catalog.Index;
using Registry.Server;

namespace Registry.Api.Consul.Http;

/// <summary>
/// Consul's blocking queries and consistency modes for one read: <c>?index=N&amp;wait=D</c> holds the request
/// until the topic's index passes N or wait (+ up to wait/16 jitter) runs out; <c>?consistent</c> first waits
/// for every admitted write to apply; <c>?stale</c> reads the local replica. The answer carries
/// X-Consul-Index (never 0), X-Consul-KnownLeader, X-Consul-LastContact and X-Consul-Effective-Consistency.
/// </summary>
public static class BlockingQuery
{
    /// <summary>Waits as the query asks; returns the index to report, or an error result for bad parameters.</summary>
    public static async Task<(long Index, IResult? Error)> WaitAsync(HttpContext http, RegistryServer server, SignalBoard board, string topic, Func<long> floor)
    {
        var query = http.Request.Query;
        var consistent = query.ContainsKey("consistent");
        var stale = query.ContainsKey("stale");
        if (consistent && stale)
        {
            return (0, ConsulResults.BadRequest("Cannot specify ?stale with ?consistent, conflicting semantics."));
        }

        long after = 0;
        if (query.TryGetValue("index", out var indexText) && !long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return (0, ConsulResults.BadRequest($"Invalid index: {indexText}"));
        }

        if (!WaitDuration.TryParse(query["wait"], out var wait))
        {
            return (0, ConsulResults.BadRequest($"Invalid wait time: {query["wait"]}"));
        }

        if (consistent)
        {
            await server.SyncAsync();
        }

        var index = board.Peek(topic, floor());
        if (after > 0 && index <= after)
        {
            index = await board.WaitPastAsync(topic, floor, after, WaitDuration.WithJitter(wait), server.Time, http.RequestAborted);
        }

        index = Math.Max(1, index);
        var headers = http.Response.Headers;
        headers["X-Consul-Index"] = index.ToString(CultureInfo.InvariantCulture);
        headers["X-Consul-KnownLeader"] = "true";
        headers["X-Consul-LastContact"] = "0";
        headers["X-Consul-Effective-Consistency"] = consistent ? "consistent" : stale ? "stale" : "leader";
        return (index, null);
    }
}
