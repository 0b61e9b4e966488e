using System.Net;
using DnsClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.ObjectPool;
using Registry.Dns.Answers;
using Registry.Dns.Options;
using Registry.Dns.Transport;

namespace Registry.Dns.Tests.Support;

/// <summary>The real front door on real loopback UDP and TCP sockets (a free port), answering from a <see cref="FakeCatalog"/>.</summary>
internal sealed class TestDnsServer : IAsyncDisposable
{
    private readonly DnsFrontDoor _server;

    /// <param name="pool">Where responses come from; by default the production pool.</param>
    public TestDnsServer(Action<DnsOptions>? configure = null, ObjectPool<ResponseMessage>? pool = null)
    {
        Options = new DnsOptions();
        configure?.Invoke(Options);
        var responder = new DnsResponder(Catalog, Options, TimeProvider.System, pool);
        _server = DnsFrontDoor.Start(new IPEndPoint(IPAddress.Loopback, 0), responder, Options, NullLogger.Instance);
    }

    public FakeCatalog Catalog { get; } = new();

    public DnsOptions Options { get; }

    public IPEndPoint EndPoint => _server.LocalEndPoint;

    public int Port => EndPoint.Port;

    /// <summary>A DnsClient resolver for this server only, without caching; it retries over TCP when an answer is truncated.</summary>
    public LookupClient Client(bool tcpOnly = false, bool edns = true) => new(new LookupClientOptions(new NameServer(EndPoint))
    {
        UseCache = false,
        Retries = 0,
        Timeout = TimeSpan.FromSeconds(5),
        UseTcpOnly = tcpOnly,
        UseTcpFallback = true,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        ExtendedDnsBufferSize = edns ? 4096 : 512,
    });

    public Task<DigResult> DigAsync(params string[] arguments) => Dig.RunAsync(Port, arguments);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
