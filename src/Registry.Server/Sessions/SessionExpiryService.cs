using Microsoft.Extensions.Hosting;
using Registry.Server.Options;

namespace Registry.Server.Sessions;

/// <summary>Expires sessions once per tick, on the injected clock.</summary>
internal sealed class SessionExpiryService(SessionTracker sessions, TimeProvider time, ServerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.TickTimeMs / 2.0), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sessions.ExpireDueAsync();
        }
    }
}
