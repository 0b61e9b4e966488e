using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Registry.Catalog.Documents;
using Registry.Catalog.Model;
using Registry.Health.Definitions;
using Registry.Health.Probes;

namespace Registry.Health.Tests;

public sealed class ProbeTests : IAsyncLifetime
{
    private readonly HttpProbe _http = new();
    private readonly GrpcProbe _grpc = new();
    private TargetServer _target = null!;

    public async Task InitializeAsync() => _target = await TargetServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _grpc.Dispose();
        await _target.DisposeAsync();
    }

    private static CheckSpec Spec(CheckDocument check)
    {
        Assert.True(CheckSpec.TryCreate(check, new HealthOptions(), out var spec, out var error), error);
        return spec!;
    }

    private CheckSpec Http(string timeout = "30s", int outputMax = 0) => Spec(new CheckDocument { Http = _target.HttpUrl, Interval = "1s", Timeout = timeout, OutputMaxSize = outputMax });

    [Theory]
    [InlineData(TargetMode.Healthy, HealthStatus.Passing, "200")]
    [InlineData(TargetMode.TooManyRequests, HealthStatus.Warning, "429")]
    [InlineData(TargetMode.Failing, HealthStatus.Critical, "500")]
    public async Task Http_status_codes_map_to_consul_states(TargetMode mode, HealthStatus expected, string code)
    {
        _target.Mode = mode;
        var result = await _http.ProbeAsync(Http(), default);
        Assert.Equal(expected, result.Status);
        Assert.Contains(code, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_http_target_is_critical_once_the_timeout_passes()
    {
        _target.Mode = TargetMode.Hanging;
        var clock = Stopwatch.StartNew();
        var result = await _http.ProbeAsync(Http("300ms"), default);
        Assert.Equal(HealthStatus.Critical, result.Status);
        Assert.Contains("timed out", result.Output, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_endless_body_is_read_only_up_to_the_output_limit()
    {
        _target.Mode = TargetMode.Endless;
        var result = await _http.ProbeAsync(Http(outputMax: 100), default);
        Assert.Equal(HealthStatus.Passing, result.Status);
        Assert.EndsWith(new string('x', 100), result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_targets_are_critical_with_the_reason()
    {
        var closed = ClosedPort();
        var http = await _http.ProbeAsync(Spec(new CheckDocument { Http = $"http://127.0.0.1:{closed}/", Interval = "1s", Timeout = "30s" }), default);
        var tcp = await new TcpProbe().ProbeAsync(Spec(new CheckDocument { Tcp = $"127.0.0.1:{closed}", Interval = "1s", Timeout = "30s" }), default);
        var grpc = await _grpc.ProbeAsync(Spec(new CheckDocument { Grpc = $"127.0.0.1:{closed}", Interval = "1s", Timeout = "30s" }), default);

        Assert.All([http, tcp, grpc], r => Assert.Equal(HealthStatus.Critical, r.Status));
        Assert.All([http, tcp, grpc], r => Assert.Contains(closed.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_untrusted_certificate_is_critical_unless_the_check_skips_verification()
    {
        var verifying = await _http.ProbeAsync(Spec(new CheckDocument { Http = _target.HttpsUrl, Interval = "1s", Timeout = "30s" }), default);
        Assert.Equal(HealthStatus.Critical, verifying.Status);
        Assert.Contains("SSL", verifying.Output, StringComparison.OrdinalIgnoreCase);

        var skipping = await _http.ProbeAsync(Spec(new CheckDocument { Http = _target.HttpsUrl, Interval = "1s", Timeout = "30s", TlsSkipVerify = true }), default);
        Assert.Equal(HealthStatus.Passing, skipping.Status);
    }

    [Fact]
    public async Task Tcp_connect_to_a_listening_port_is_passing()
    {
        var result = await new TcpProbe().ProbeAsync(Spec(new CheckDocument { Tcp = $"127.0.0.1:{_target.HttpPort}", Interval = "1s" }), default);
        Assert.Equal(HealthStatus.Passing, result.Status);
    }

    [Fact]
    public async Task Grpc_health_follows_the_serving_status()
    {
        var spec = Spec(new CheckDocument { Grpc = $"127.0.0.1:{_target.GrpcPort}/orders", Interval = "1s", Timeout = "30s" });
        _target.Mode = TargetMode.Healthy;
        Assert.Equal(HealthStatus.Passing, (await _grpc.ProbeAsync(spec, default)).Status);

        _target.Mode = TargetMode.NotServing;
        var notServing = await _grpc.ProbeAsync(spec, default);
        Assert.Equal(HealthStatus.Critical, notServing.Status);
        Assert.Contains("NOT_SERVING", notServing.Output, StringComparison.Ordinal);

        _target.Mode = TargetMode.Hanging;
        var hanging = await _grpc.ProbeAsync(spec with { Timeout = TimeSpan.FromMilliseconds(300) }, default);
        Assert.Equal(HealthStatus.Critical, hanging.Status);
        Assert.Contains("timed out", hanging.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Grpc_messages_are_encoded_and_decoded_by_hand()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, GrpcProbe.EncodeRequest(""));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0x0A, 2, (byte)'o', (byte)'k' }, GrpcProbe.EncodeRequest("ok"));
        Assert.Equal(1, GrpcProbe.DecodeStatus([0x08, 1]));
        Assert.Equal(2, GrpcProbe.DecodeStatus([0x12, 1, 0x41, 0x08, 2]));
        Assert.Equal(0, GrpcProbe.DecodeStatus([]));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
