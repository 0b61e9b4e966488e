using System.Net.Sockets;
using Registry.Catalog.Model;
using Registry.Health.Definitions;

namespace Registry.Health.Probes;

/// <summary>Consul's TCP check: a connection accepted in time is passing, anything else critical.</summary>
public sealed class TcpProbe : IProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        if (!HostPort.TryParse(spec.Target, out var host, out var port))
        {
            return new ProbeResult(HealthStatus.Critical, $"TCP connect {spec.Target}: not host:port");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return new ProbeResult(HealthStatus.Passing, $"TCP connect {spec.Target}: Success");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(HealthStatus.Critical, $"TCP connect {spec.Target}: timed out after {spec.Timeout.TotalMilliseconds:0}ms");
        }
        catch (SocketException e)
        {
            return new ProbeResult(HealthStatus.Critical, $"TCP connect {spec.Target}: {e.Message}");
        }
    }
}
