using System.Net;
using System.Net.Sockets;
using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Catalog.Model;
using Registry.Dns.Hosting;
using Registry.Dns.Tests.Support;

namespace Registry.Dns.Tests.Hosting;

public sealed class AddRegistryDnsTests
{
    [Fact]
    public async Task The_hosted_responder_answers_from_the_registered_catalog_on_the_configured_port_and_address()
    {
        var catalog = new FakeCatalog();
        catalog.Add("web", "web-1", "10.0.0.7", 8080);
        var (host, port) = await StartOnFreePortAsync(catalog, new()
        {
            ["Registry:BindAddress"] = "127.0.0.1",
            ["Registry:Dns:Domain"] = "registry.internal",
            ["Registry:Dns:Datacenter"] = "eu1",
            ["Registry:Dns:ServiceTtl:*"] = "15s",
        });
        using (host)
        {
            var client = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, port)) { UseCache = false, Retries = 0 });

            var udp = await client.QueryAsync("web.service.eu1.registry.internal", QueryType.SRV);
            var tcp = await client.QueryAsync(new DnsQuestion("web.service.registry.internal", QueryType.A), new DnsQueryAndServerOptions { UseTcpOnly = true });

            var srv = Assert.Single(udp.Answers.SrvRecords());
            Assert.Equal("0a000007.addr.eu1.registry.internal.", srv.Target.Value);
            Assert.Equal(15, srv.InitialTimeToLive);
            Assert.Equal("10.0.0.7", Assert.Single(tcp.Answers.ARecords()).Address.ToString());
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Port_zero_disables_the_responder_instead_of_taking_any_free_port()
    {
        var logs = new CollectingLoggerProvider();
        using var host = Build(new FakeCatalog(), new() { ["Registry:Dns:Port"] = "0" }, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Contains("DNS disabled (Registry:Dns:Port is 0)", logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.StartsWith("DNS listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_from_starting_and_name_the_keys()
    {
        using var host = Build(new FakeCatalog(), new()
        {
            ["Registry:Dns:Port"] = "70000",
            ["Registry:Dns:Domain"] = "bad..domain",
            ["Registry:Dns:ServiceTtl:web"] = "soon",
            ["Registry:Dns:BindAddress"] = "not-an-ip",
            ["Registry:Dns:Recursors:0"] = "resolver.example",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Registry:Dns:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registry:Dns:Domain", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registry:Dns:ServiceTtl:web", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registry:Dns:BindAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registry:Dns:Recursors:0", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(IServiceCatalog catalog, Dictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddRegistryDns(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Starts on a port free for UDP and TCP a moment ago, taking another when someone took it in between.</summary>
    private static async Task<(IHost Host, int Port)> StartOnFreePortAsync(IServiceCatalog catalog, Dictionary<string, string?> settings)
    {
        for (var attempt = 0; ; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }
            settings["Registry:Dns:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var host = Build(catalog, settings);
            try
            {
                await host.StartAsync();
                return (host, port);
            }
            catch (SocketException) when (attempt < 5)
            {
                host.Dispose();
            }
        }
    }
}
