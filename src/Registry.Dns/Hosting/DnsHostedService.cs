using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Catalog.Model;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Transport;

namespace Registry.Dns.Hosting;

/// <summary>Runs the DNS responder for the host's lifetime, answering from the host's <see cref="IServiceCatalog"/>.</summary>
internal sealed partial class DnsHostedService(
    IServiceCatalog catalog,
    IOptions<DnsOptions> options,
    TimeProvider time,
    ILogger<DnsHostedService> logger) : IHostedService, IAsyncDisposable
{
    private DnsFrontDoor? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Port == 0)
        {
            LogDisabled(logger);
            return Task.CompletedTask;
        }
        var address = string.IsNullOrWhiteSpace(settings.BindAddress) ? IPAddress.Any : IPAddress.Parse(settings.BindAddress);
        var responder = new DnsResponder(catalog, settings, time);
        _server = DnsFrontDoor.Start(new IPEndPoint(address, settings.Port), responder, settings, logger);
        LogListening(logger, _server.LocalEndPoint, settings.Domain);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DNS disabled (Registry:Dns:Port is 0)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "DNS listening on {EndPoint} (UDP and TCP) for {Domain}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint, string domain);
}
