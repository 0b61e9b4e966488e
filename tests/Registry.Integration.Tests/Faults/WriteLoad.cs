using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Registry.Integration.Tests.Faults;

/// <summary>
/// A steady, bounded (count and time) write load: each writer creates sequential znodes under one parent through
/// REST, one at a time, on "its" server, moving to the next server after a failure. Every attempt is named after
/// its writer and attempt number (<c>w3-000017-</c> + the sequence suffix), so a replica's child list alone tells
/// which attempts were applied and in which order. Acknowledged creates (201) are recorded with their actual path.
/// </summary>
public sealed class WriteLoad : IAsyncDisposable
{
    private readonly EnsembleCluster _cluster;
    private readonly string _parent;
    private readonly int _maxWrites;
    private readonly CancellationTokenSource _stop; // stops issuing writes; one already sent is always waited for
    private readonly ConcurrentDictionary<string, string> _acknowledged = new(); // attempt name -> created child name
    private readonly ConcurrentDictionary<string, byte> _failed = new();
    private readonly List<(int Target, TaskCompletionSource Reached)> _waiters = [];
    private readonly List<Task> _writers;
    private int _attempts;

    private WriteLoad(EnsembleCluster cluster, string parent, int writers, int maxWrites, TimeSpan maxDuration)
    {
        _cluster = cluster;
        _parent = parent;
        _maxWrites = maxWrites;
        _stop = new CancellationTokenSource(maxDuration);
        _writers = [.. Enumerable.Range(0, writers).Select(WriteAsync)];
    }

    public int Acknowledged => _acknowledged.Count;

    public int Failed => _failed.Count;

    /// <summary>Creates <paramref name="parent"/> and starts the writers; they stop at <paramref name="maxWrites"/> attempts, after <paramref name="maxDuration"/>, or on <see cref="StopAsync"/>.</summary>
    public static async Task<WriteLoad> StartAsync(EnsembleCluster cluster, string parent, int writers = 4, int maxWrites = 20_000, TimeSpan? maxDuration = null)
    {
        var any = cluster.Members.First(m => m.IsRunning);
        using var created = await EnsembleCluster.PostRetryingAsync(cluster.Http, new Uri(any.BaseAddress, "/v1/znodes" + parent));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new WriteLoad(cluster, parent, writers, maxWrites, maxDuration ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Waits until <paramref name="count"/> more writes than now are acknowledged: proof that the ensemble accepts writes again.</summary>
    public async Task WaitForProgressAsync(int count, TimeSpan? timeout = null)
    {
        var target = Acknowledged + count;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((target, reached));
        }

        Signal();
        var limit = timeout ?? TimeSpan.FromSeconds(45);
        if (await Task.WhenAny(reached.Task, Task.Delay(limit)) != reached.Task)
        {
            Assert.Fail($"only {Acknowledged} of {target} writes acknowledged within {limit} ({Failed} failed)\n{_cluster.Diagnostics()}");
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    /// <summary>
    /// Checks the child lists of <see cref="_parent"/> read from every server after convergence: identical everywhere;
    /// every acknowledged create present under the name it was acknowledged with; nothing that was never attempted;
    /// and each writer's applied attempts (acknowledged or not) in the order it issued them, each at most once.
    /// </summary>
    public void AssertReplicasConsistent(IReadOnlyDictionary<int, IReadOnlyList<string>> childrenByServer)
    {
        var reference = childrenByServer.First();
        foreach (var (id, children) in childrenByServer)
        {
            var extra = children.Except(reference.Value).ToList();
            var missing = reference.Value.Except(children).ToList();
            Assert.True(extra.Count == 0 && missing.Count == 0, $"server {id} differs from server {reference.Key}: {extra.Count} extra (e.g. {string.Join(", ", extra.Take(5))}), {missing.Count} missing (e.g. {string.Join(", ", missing.Take(5))})");
        }

        var present = reference.Value.ToHashSet();
        var lost = _acknowledged.Where(a => !present.Contains(a.Value)).Select(a => a.Value).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {Acknowledged} acknowledged writes are missing, e.g. {string.Join(", ", lost.Take(5))}");

        var applied = reference.Value.Select(Parse).ToList();
        var unknown = applied.Where(a => a is null).Count();
        Assert.True(unknown == 0, $"{unknown} children under {_parent} were never attempted");
        foreach (var writer in applied.GroupBy(a => a!.Value.Writer))
        {
            var attempts = writer.OrderBy(a => a!.Value.Sequence).Select(a => a!.Value.Attempt).ToList();
            var outOfOrder = attempts.Zip(attempts.Skip(1)).Where(p => p.First >= p.Second).ToList();
            Assert.True(outOfOrder.Count == 0, $"writer {writer.Key}: attempts applied out of issue order or twice: {string.Join(", ", outOfOrder.Take(5))}");
        }
    }

    /// <summary>
    /// Reads the child list of the load's parent from every running server, again until all reflect the same last
    /// child change (pzxid): a server may still be applying a commit the others have applied.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> ReadChildrenAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = new Dictionary<int, IReadOnlyList<string>>();
            var versions = new HashSet<string>();
            foreach (var member in _cluster.Members.Where(m => m.IsRunning))
            {
                var root = JsonDocument.Parse(await _cluster.Http.GetStringAsync(new Uri(member.BaseAddress, $"/v1/znodes{_parent}?children"))).RootElement;
                result[member.Id] = [.. root.GetProperty("children").EnumerateArray().Select(c => c.GetString()!)];
                versions.Add(root.GetProperty("stat").GetProperty("pzxid").GetRawText());
            }

            if (versions.Count == 1 || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private static (int Writer, int Attempt, long Sequence)? Parse(string child)
    {
        // w<writer>-<attempt>-<sequence>
        var parts = child.Split('-');
        return parts.Length == 3 && parts[0].StartsWith('w')
            && int.TryParse(parts[0].AsSpan(1), CultureInfo.InvariantCulture, out var writer)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var attempt)
            && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var sequence)
            ? (writer, attempt, sequence)
            : null;
    }

    private async Task WriteAsync(int writer)
    {
        var server = writer % _cluster.Members.Count;
        for (var attempt = 0; !_stop.IsCancellationRequested && Interlocked.Increment(ref _attempts) <= _maxWrites; attempt++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"w{writer}-{attempt:D6}-");
            var member = _cluster.Members[server];
            if (await TryCreateAsync(member, name) is { } created)
            {
                _acknowledged[name] = created;
                Signal();
                continue;
            }

            _failed[name] = 0;
            server = (server + 1) % _cluster.Members.Count;
            try
            {
                // A down server refuses at once: pace the retries instead of spinning through attempt numbers.
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>The created child's name, or null when the write was not acknowledged (error, timeout, server down).</returns>
    private async Task<string?> TryCreateAsync(ClusterMember member, string name)
    {
        try
        {
            var process = member.Process;
            if (process is null)
            {
                return null;
            }

            var uri = new Uri($"http://127.0.0.1:{process.Port}/v1/znodes{_parent}/{name}?mode=persistent_sequential");
            // Not cancelled by StopAsync: a write still in flight after the load stopped could land after convergence was checked.
            using var response = await _cluster.Http.PostAsync(uri, new ByteArrayContent([1]));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return null;
            }

            var path = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("path").GetString()!;
            return path[(path.LastIndexOf('/') + 1)..];
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    private void Signal()
    {
        var count = Acknowledged;
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Target <= count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
