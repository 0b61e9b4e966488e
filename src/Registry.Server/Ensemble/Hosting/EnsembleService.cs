using Microsoft.Extensions.Hosting;

namespace Registry.Server.Ensemble.Hosting;

/// <summary>Joins the ensemble when the host starts: binds the peer ports, dials peers, starts ticking.</summary>
internal sealed class EnsembleService(ReplicatedPipeline pipeline) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        pipeline.Start();
        return Task.CompletedTask;
    }

    // The pipeline itself is disposed with the container, after the front doors stopped.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
