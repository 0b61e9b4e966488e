using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Registry.Bench.Cli;

namespace Registry.Bench.Commands;

/// <summary>
/// <c>registry-bench failover</c>: kill -9 of an ensemble's leader under write load, and the time until the first
/// write acknowledged in a later epoch (that is, committed by the new leader). Writes go to every server; a
/// follower forwards them to the leader, so the first acknowledgement in the new epoch ends the failover.
/// </summary>
internal static class FailoverCommand
{
    internal static readonly HashSet<string> ValueOptions = ["servers", "pids", "writers", "warmup", "timeout", "size"];

    public const string Usage = """
        registry-bench failover --servers URL,URL,URL --pids PID,PID,PID [--writers 8] [--warmup 3s] [--timeout 30s]
                                [--size 100]
          --writers sequential-create loops per server (REST, /failover-bench) for --warmup, then kill -9 of the
          leader (its PID from --pids, in --servers order); reports the milliseconds from the kill to the first
          write acknowledged with a zxid of a later epoch, and each survivor's first such acknowledgement
        """;

    private const string Prefix = "/v1/znodes/failover-bench/w";

    public static async Task<int> RunAsync(ArgReader args, CancellationToken interrupt)
    {
        var servers = (args.String("servers") ?? throw new UsageException("--servers is required")).Split(',')
            .Select(s => RestOptions.ParseLoopbackUrl("servers", s)).ToArray();
        var pids = (args.String("pids") ?? throw new UsageException("--pids is required")).Split(',')
            .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var pid) ? pid : throw new UsageException($"--pids: '{p}' is not a PID")).ToArray();
        if (pids.Length != servers.Length)
        {
            throw new UsageException("--pids needs one PID per server, in --servers order");
        }

        var writers = (int)args.Integer("writers", 8, 1, 256);
        var warmup = args.Duration("warmup", TimeSpan.FromSeconds(3));
        var timeout = args.Duration("timeout", TimeSpan.FromSeconds(30));
        var payload = new byte[args.Integer("size", 100, 0, 1024 * 1024)];

        var clients = servers.Select(url => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) }).ToArray();
        try
        {
            await EnsureParentAsync(clients[0], interrupt);
            var leader = await LeaderAsync(clients, interrupt);
            if (leader < 0)
            {
                await Console.Error.WriteLineAsync("registry-bench: no server reports itself leader");
                return RestCommand.ExitSetupFailed;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
            var acks = new Acks(servers.Length);
            var loops = clients.SelectMany((client, server) => Enumerable.Range(0, writers).Select(_ => WriteLoopAsync(client, server, payload, acks, stop.Token))).ToArray();

            await Task.Delay(warmup, interrupt);
            var epoch = acks.MaxEpoch;
            if (epoch == 0)
            {
                await Console.Error.WriteLineAsync("registry-bench: no write was acknowledged during the warm-up");
                await StopAsync(stop, loops);
                return RestCommand.ExitSetupFailed;
            }

            var clock = Stopwatch.StartNew();
            acks.Arm(epoch, clock);
            using (var victim = Process.GetProcessById(pids[leader]))
            {
                victim.Kill();
            }

            var done = await Task.WhenAny(acks.FirstInNewEpoch, Task.Delay(timeout, interrupt));
            var survivors = Enumerable.Range(0, servers.Length).Where(s => s != leader).ToArray();
            // Let each survivor show its own first acknowledgement too, for a moment.
            await Task.WhenAny(Task.WhenAll(survivors.Select(acks.FirstOf)), Task.Delay(TimeSpan.FromSeconds(2), interrupt));
            await StopAsync(stop, loops);

            if (done != acks.FirstInNewEpoch)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover: no write acknowledged in a later epoch within {timeout.TotalSeconds:0} s of killing server {servers[leader]}"));
                return RestCommand.ExitErrors;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover {acks.FirstInNewEpoch.Result:0.0} ms (killed leader {servers[leader]}, epoch {epoch} -> {acks.MaxEpoch}); {acks.Count} writes acknowledged"));
            foreach (var s in survivors)
            {
                var first = acks.FirstOf(s);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first acknowledgement through {servers[s]}: {(first.IsCompleted ? $"{first.Result:0.0} ms" : "none")}"));
            }

            return RestCommand.ExitOk;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task[] loops)
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
    }

    /// <summary>Sequential creates until stopped; failures (the leader gone, no quorum yet) are retried at once.</summary>
    private static async Task WriteLoopAsync(HttpClient client, int server, byte[] payload, Acks acks, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var content = new ByteArrayContent(payload);
                using var response = await client.PostAsync($"{Prefix}?mode=persistent_sequential", content, stop);
                if (response.IsSuccessStatusCode)
                {
                    acks.Record(server, long.Parse(response.Headers.GetValues("X-Registry-Index").Single(), CultureInfo.InvariantCulture));
                }
                else
                {
                    // The server answered but could not commit (no leader yet): try again shortly rather than spin.
                    await Task.Delay(5, stop);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    await Task.Delay(5, CancellationToken.None);
                }
            }
        }
    }

    private static async Task EnsureParentAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.PostAsync("/v1/znodes/failover-bench", new ByteArrayContent([]), ct);
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 409)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<int> LeaderAsync(HttpClient[] clients, CancellationToken ct)
    {
        for (var i = 0; i < clients.Length; i++)
        {
            using var status = JsonDocument.Parse(await clients[i].GetStringAsync("/v1/status", ct));
            if (status.RootElement.GetProperty("mode").GetString() == "leader")
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Acknowledged writes: the highest epoch seen and, once armed, the first acknowledgement of a later one.</summary>
    private sealed class Acks(int servers)
    {
        private readonly TaskCompletionSource<double> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<double>[] _firstOf = [.. Enumerable.Range(0, servers).Select(_ => new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously))];
        private long _maxEpoch;
        private long _count;
        private long _armedEpoch = long.MaxValue;
        private Stopwatch? _clock;

        public long MaxEpoch => Interlocked.Read(ref _maxEpoch);

        public long Count => Interlocked.Read(ref _count);

        public Task<double> FirstInNewEpoch => _first.Task;

        public Task<double> FirstOf(int server) => _firstOf[server].Task;

        public void Arm(long epoch, Stopwatch clock)
        {
            _clock = clock;
            Volatile.Write(ref _armedEpoch, epoch);
        }

        public void Record(int server, long zxid)
        {
            Interlocked.Increment(ref _count);
            var epoch = zxid >> 32;
            var seen = Interlocked.Read(ref _maxEpoch);
            while (epoch > seen && Interlocked.CompareExchange(ref _maxEpoch, epoch, seen) != seen)
            {
                seen = Interlocked.Read(ref _maxEpoch);
            }

            if (epoch > Volatile.Read(ref _armedEpoch) && _clock is { } clock)
            {
                var ms = clock.Elapsed.TotalMilliseconds;
                _first.TrySetResult(ms);
                _firstOf[server].TrySetResult(ms);
            }
        }
    }
}
