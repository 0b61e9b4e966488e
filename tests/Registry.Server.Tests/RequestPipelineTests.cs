using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Server.Tests;

public sealed class RequestPipelineTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("registry-pipeline-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private TreeDatabase _database = null!;
    private RequestPipeline _pipeline = null!;

    public Task InitializeAsync()
    {
        var options = new ServerOptions { DataDir = _dir };
        _database = TreeDatabase.Open(options, NullLogger.Instance);
        _pipeline = new RequestPipeline(_database, [], _time, options, NullLogger<RequestPipeline>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static CreateOp Create(string path) => new(path, [], AclEntry.OpenUnsafe, CreateMode.Persistent);

    [Fact]
    public async Task Concurrent_writes_commit_in_submission_order_with_consecutive_zxids()
    {
        var writes = Enumerable.Range(0, 500).Select(i => _pipeline.SubmitAsync(RequestContext.Anonymous, Create($"/n{i:D3}"))).ToList();
        var results = await Task.WhenAll(writes);
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), results.Select(r => r.Zxid));
        Assert.Equal(500, _pipeline.Tree.LastZxid);
        Assert.Equal(0, _pipeline.PendingWrites);
    }

    [Fact]
    public async Task A_write_that_depends_on_an_unapplied_write_is_prepared_against_it()
    {
        var parent = _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/p"));
        var child = _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/p/c"));
        var duplicate = _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/p"));
        Assert.True((await parent).IsSuccess);
        Assert.True((await child).IsSuccess);
        var failed = await duplicate;
        Assert.Equal(ErrorCode.NodeExists, failed.Error);
        Assert.True(_pipeline.Tree.Exists("/p/c"));
    }

    [Fact]
    public async Task A_failure_is_answered_only_after_the_writes_before_it()
    {
        var first = _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/first"));
        var failing = _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/missing/child"));
        var failed = await failing;
        Assert.Equal(ErrorCode.NoNode, failed.Error);
        Assert.True(first.IsCompleted, "the failure overtook an earlier write");
        Assert.True(_pipeline.Tree.Exists("/first"));
    }

    [Fact]
    public async Task Sync_waits_for_every_write_admitted_before_it()
    {
        var writes = Enumerable.Range(0, 50).Select(i => _pipeline.SubmitAsync(RequestContext.Anonymous, Create($"/s{i}"))).ToList();
        await _pipeline.SyncAsync();
        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal(50, _pipeline.Tree.LastZxid);
    }

    [Fact]
    public async Task Transaction_time_comes_from_the_injected_clock()
    {
        var result = await _pipeline.SubmitAsync(RequestContext.Anonymous, Create("/timed"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), result.Result.Stat!.Value.Ctime);
    }
}
