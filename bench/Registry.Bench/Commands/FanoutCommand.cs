using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Registry.Bench.Cli;

namespace Registry.Bench.Commands;

/// <summary>
/// <c>registry-bench consul-fanout</c>: many blocking queries parked on one service, then one health transition.
/// Measures how long after the transition every waiter has its answer: the cost of one shared wake-up.
/// </summary>
internal static class FanoutCommand
{
    internal static readonly HashSet<string> ValueOptions = ["url", "waiters", "rounds", "wait"];

    public const string Usage = """
        registry-bench consul-fanout [--url http://127.0.0.1:8500] [--waiters 10000] [--rounds 5] [--wait 60s]
          registers one service with a TTL check, parks --waiters blocking queries on
          /v1/health/service/{name}?index=N&wait=W (one connection each), flips the check between passing and
          warning, and reports when the first, median, 99th-percentile and last waiter got the new index,
          counted from the start of the flip; every waiter must see an index above N
        """;

    private const string Service = "fanout-bench";
    private const string CheckId = "fanout-bench-ttl";

    private static string? _firstFailure;

    public static async Task<int> RunAsync(ArgReader args, CancellationToken interrupt)
    {
        var url = RestOptions.ParseLoopbackUrl("url", args.String("url", "http://127.0.0.1:8500"));
        var waiters = (int)args.Integer("waiters", 10_000, 1, 20_000);
        var rounds = (int)args.Integer("rounds", 5, 1, 100);
        var wait = args.Duration("wait", TimeSpan.FromSeconds(60));

        var connected = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                Interlocked.Increment(ref connected);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        // Waiters have a client of their own, so that every connection it opens is a parked query's.
        using var waiting = new HttpClient(handler) { BaseAddress = url, Timeout = wait + TimeSpan.FromSeconds(30) };
        using var http = new HttpClient { BaseAddress = url };

        await PutAsync(http, "/v1/agent/service/register", $$$"""{"Name":"{{{Service}}}","ID":"{{{Service}}}-1","Port":1,"Check":{"CheckID":"{{{CheckId}}}","TTL":"1h"}}""", interrupt);
        await PutAsync(http, $"/v1/agent/check/pass/{CheckId}", null, interrupt);
        var failures = 0;
        var status = "warn";
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                var index = await IndexAsync(http, interrupt);
                var clock = new Stopwatch();
                var query = $"/v1/health/service/{Service}?index={index}&wait={(int)wait.TotalSeconds}s";
                var parked = Enumerable.Range(0, waiters).Select(_ => WaitAsync(waiting, query, index, clock, interrupt)).ToArray();

                // A connection per waiter: the first round opens them, later rounds reuse them.
                while (Volatile.Read(ref connected) < waiters && !parked.Any(p => p.IsCompleted))
                {
                    await Task.Delay(50, interrupt);
                }

                // Requests reach the server shortly after their connections do; no event says they are parked.
                await Task.Delay(TimeSpan.FromSeconds(2), interrupt);
                clock.Start();
                await PutAsync(http, $"/v1/agent/check/{status}/{CheckId}", null, interrupt);
                var flipped = clock.Elapsed.TotalMilliseconds;
                var woken = await Task.WhenAll(parked);
                var ok = woken.Where(w => w >= 0).Order().ToArray();
                failures += waiters - ok.Length;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"round {round}: {waiters} waiters, flip answered {flipped:0.0} ms; woken first {At(ok, 0):0.0} ms, p50 {At(ok, 0.5):0.0}, p99 {At(ok, 0.99):0.0}, last {At(ok, 1):0.0} ms; {waiters - ok.Length} failed{(_firstFailure is { } why ? $" (first: {why})" : "")}"));
                _firstFailure = null;
                status = status == "warn" ? "pass" : "warn";
            }
        }
        finally
        {
            await PutAsync(http, $"/v1/agent/service/deregister/{Service}-1", null, CancellationToken.None);
        }

        return failures == 0 ? RestCommand.ExitOk : RestCommand.ExitErrors;
    }

    /// <summary>Milliseconds from the flip to this waiter's answer, or -1 when it failed or saw no new index.</summary>
    private static async Task<double> WaitAsync(HttpClient http, string query, long index, Stopwatch clock, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, ct);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (response.IsSuccessStatusCode && IndexOf(response) > index)
            {
                return elapsed;
            }

            Interlocked.CompareExchange(ref _firstFailure, $"HTTP {(int)response.StatusCode}, index {IndexOf(response)}", null);
            return -1;
        }
        catch (HttpRequestException e)
        {
            Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
            return -1;
        }
    }

    private static async Task<long> IndexAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/v1/health/service/{Service}", ct);
        response.EnsureSuccessStatusCode();
        return IndexOf(response);
    }

    private static long IndexOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Consul-Index").Single(), CultureInfo.InvariantCulture);

    private static async Task PutAsync(HttpClient http, string path, string? json, CancellationToken ct)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(path, content, ct);
        response.EnsureSuccessStatusCode();
    }

    private static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - (quantile > 0 ? 1 : 0))];
}
