using System.Net;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Bench.ZooKeeper;

/// <summary>
/// The operations of each workload, written with plain ZooKeeper requests so that the registry and Apache
/// ZooKeeper see exactly the same traffic. Everything lives under one /zk-bench-* node that cleanup removes.
/// </summary>
internal sealed class ZkWorkload(ZkOptions options, string root)
{
    private readonly byte[] _payload = Enumerable.Range(0, options.Size).Select(i => (byte)('a' + (i % 26))).ToArray();
    private long _next;

    public string Unit => options.Workload == "register" ? "registration" : "request";

    public async Task SetupAsync(ZkConnection connection)
    {
        await Expect(connection.RequestAsync(OpCode.Create, Create(root, [], flags: 0)), "create " + root);
        if (options.Workload is "get" or "set")
        {
            for (var batch = 0; batch < options.Keys; batch += 500)
            {
                var keys = Enumerable.Range(batch, Math.Min(500, options.Keys - batch)).ToList();
                var results = await Task.WhenAll(keys.Select(k => connection.RequestAsync(OpCode.Create, Create(Key(k), _payload, flags: 0))));
                if (results.FirstOrDefault(r => r.Error != ErrorCode.Ok) is { Error: not ErrorCode.Ok } failed)
                {
                    throw new InvalidOperationException($"creating keys failed: {failed.Error}");
                }
            }
        }
    }

    /// <summary>One operation; returns the ZooKeeper error (Ok on success).</summary>
    public async Task<ErrorCode> ExecuteAsync(ZkConnection connection, IPEndPoint server, Random random)
    {
        switch (options.Workload)
        {
            case "create":
                return (await connection.RequestAsync(OpCode.Create, Create($"{root}/n{Interlocked.Increment(ref _next)}", _payload, flags: 0))).Error;
            case "get":
                return (await connection.RequestAsync(OpCode.GetData, w =>
                {
                    w.WriteString(Key(random.Next(options.Keys)));
                    w.WriteBool(false);
                })).Error;
            case "set":
                return (await connection.RequestAsync(OpCode.SetData, w =>
                {
                    w.WriteString(Key(random.Next(options.Keys)));
                    w.WriteBuffer(_payload);
                    w.WriteInt(-1);
                })).Error;
            default:
                await using (var session = await ZkConnection.OpenAsync(server, options.Timeout))
                {
                    var created = await session.RequestAsync(OpCode.Create, Create($"{root}/instance-", _payload, flags: 3));
                    var closed = await session.RequestAsync(OpCode.CloseSession);
                    return created.Error != ErrorCode.Ok ? created.Error : closed.Error;
                }
        }
    }

    /// <summary>
    /// Deletes the run's subtree: the children it created, by name in pipelined batches (a create run leaves
    /// hundreds of thousands, too many for one getChildren reply), then the root.
    /// </summary>
    public async Task CleanUpAsync(ZkConnection connection)
    {
        var children = options.Workload switch
        {
            "create" => Enumerable.Range(1, (int)Interlocked.Read(ref _next)).Select(n => $"{root}/n{n}"),
            "get" or "set" => Enumerable.Range(0, options.Keys).Select(Key),
            _ => [],
        };
        foreach (var chunk in children.Chunk(1000))
        {
            await Task.WhenAll(chunk.Select(path => connection.RequestAsync(OpCode.Delete, w =>
            {
                w.WriteString(path);
                w.WriteInt(-1);
            })));
        }

        await connection.RequestAsync(OpCode.Delete, w =>
        {
            w.WriteString(root);
            w.WriteInt(-1);
        });
    }

    private string Key(int k) => $"{root}/k{k}";

    private static Action<JuteWriter> Create(string path, byte[] data, int flags) => w =>
    {
        w.WriteString(path);
        w.WriteBuffer(data);
        w.WriteInt(1);
        w.WriteInt(31);
        w.WriteString("world");
        w.WriteString("anyone");
        w.WriteInt(flags);
    };

    private static async Task Expect(Task<(ErrorCode Error, byte[] Body)> request, string what)
    {
        var (error, _) = await request;
        if (error != ErrorCode.Ok)
        {
            throw new InvalidOperationException($"{what} failed: {error}");
        }
    }
}
