using System.Globalization;
using System.Net;
using Registry.Api.Contracts;
using Registry.Bench.Workloads;

namespace Registry.Bench.Baseline;

/// <summary>
/// <c>registry-bench baseline</c>: bare Kestrel answering the registry's REST shapes with no tree,
/// no replication and no logging, so the same generator run against it measures the ceiling that
/// HTTP, routing and JSON alone allow on this machine. Writes are accepted and forgotten; every
/// read returns the same <c>--size</c> bytes whatever the path.
/// </summary>
internal static class BaselineServer
{
    private const string IndexHeader = "X-Registry-Index";

    public static async Task<int> RunAsync(int port, int size)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default));

        await using var app = builder.Build();
        var data = Payload.Filler(size);
        var state = new Counters(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var znodes = app.MapGroup("/v1/znodes");
        znodes.MapGet("/{**path}", (string path, HttpResponse response) =>
        {
            response.Headers[IndexHeader] = state.Index.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Ok(new NodeDto("/" + path, data, state.Stat(data.Length)));
        });
        znodes.MapPost("/{**path}", async (string path, string? mode, HttpRequest request) =>
        {
            var length = await DrainAsync(request);
            var zxid = state.NextZxid();
            var created = mode?.EndsWith("_sequential", StringComparison.Ordinal) == true
                ? string.Create(CultureInfo.InvariantCulture, $"/{path}{zxid:D10}")
                : "/" + path;
            return TypedResults.Created((string?)null, new WrittenDto(created, state.Stat(length)));
        });
        znodes.MapPut("/{**path}", async (string path, HttpRequest request) =>
        {
            var length = await DrainAsync(request);
            state.NextZxid();
            return TypedResults.Ok(new WrittenDto("/" + path, state.Stat(length)));
        });
        znodes.MapDelete("/{**path}", (string path) => TypedResults.NoContent());

        app.MapPost("/v1/sessions", (CreateSessionRequest session) =>
            TypedResults.Created((string?)null, new SessionDto(SessionIds.Format(state.NextZxid()), session.TimeoutMs, [])));
        app.MapDelete("/v1/sessions/{id}", (string id) => TypedResults.NoContent());
        app.MapGet("/v1/status", () => TypedResults.Ok(new StatusDto("baseline", 0, state.Index, 0, 0, 0, 0, 0, "baseline")));

        await app.StartAsync();
        Console.WriteLine($"baseline listening on http://127.0.0.1:{port} ({size} B per read); stop with Ctrl+C or SIGTERM");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Reads and drops a request body, as a real server must read it, returning its length.</summary>
    private static async Task<int> DrainAsync(HttpRequest request)
    {
        var total = 0;
        while (true)
        {
            var read = await request.BodyReader.ReadAsync();
            total += (int)read.Buffer.Length;
            request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return total;
            }
        }
    }

    /// <summary>A zxid counter standing in for the tree's, so stats and the index header move like real ones.</summary>
    private sealed class Counters(long startMillis)
    {
        private long _zxid;

        public long Index => Volatile.Read(ref _zxid);

        public long NextZxid() => Interlocked.Increment(ref _zxid);

        public StatDto Stat(int dataLength)
        {
            var zxid = Index;
            return new StatDto(zxid, zxid, startMillis, startMillis, 0, 0, 0, "0", dataLength, 0, zxid);
        }
    }
}
