using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Server.Options;
using Registry.Server.Pipeline;
using Registry.Server.Sessions;
using Registry.Tree;
using Registry.Tree.Prepare;

namespace Registry.Server.Reaping;

/// <summary>
/// ZooKeeper's ContainerManager: periodically deletes containers whose last child is gone and TTL nodes
/// that are childless and unmodified for their TTL. Each deletion is re-checked in Prepare, so a node
/// that gained a child in the meantime survives. In an ensemble only the leader reaps (every server sees the same
/// candidates, and one deletion is enough).
/// </summary>
internal sealed class NodeReaper(IWritePipeline pipeline, ISessionAuthority authority, TimeProvider time, ServerOptions options, ILogger<NodeReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.ReapIntervalMs), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (authority.ExpiresSessions)
            {
                await ReapAsync();
            }
        }
    }

    public async Task<int> ReapAsync()
    {
        var reaped = 0;
        foreach (var path in pipeline.Tree.ReapCandidates(time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            var result = await pipeline.SubmitAsync(RequestContext.System, new ReapOp(path));
            if (result.IsSuccess)
            {
                reaped++;
                logger.LogDebug("Reaped {Path}", path);
            }
            else if (result.Error is not (ErrorCode.NoNode or ErrorCode.NotEmpty))
            {
                logger.LogWarning("Reaping {Path} failed: {Error}", path, result.Message);
            }
        }

        return reaped;
    }
}
