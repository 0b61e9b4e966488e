using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Registry.Health.Tests;

public enum TargetMode
{
    Healthy,
    TooManyRequests,
    Failing,
    Hanging,
    Endless,
    NotServing,
}

/// <summary>
/// A real Kestrel server on loopback the checks probe: HTTP/1.1 on one port, gRPC health (HTTP/2 cleartext,
/// grpc.health.v1 encoded by hand) on another. Its behaviour flips with <see cref="Mode"/>.
/// </summary>
public sealed class TargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private TargetServer(WebApplication app) => _app = app;

    private volatile TargetMode _mode;

    public TargetMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    public string HttpUrl => $"http://127.0.0.1:{HttpPort}/health";

    public int HttpsPort { get; private set; }

    public string HttpsUrl => $"https://127.0.0.1:{HttpsPort}/health";

    public static async Task<TargetServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(SelfSignedCertificate()));
        });
        var app = builder.Build();
        var server = new TargetServer(app);
        app.MapGet("/health", server.HttpAsync);
        app.MapPost("/grpc.health.v1.Health/Check", server.GrpcAsync);
        await app.StartAsync();
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).ToList();
        server.HttpPort = ports[0];
        server.GrpcPort = ports[1];
        server.HttpsPort = ports[2];
        return server;
    }

    /// <summary>A certificate nobody trusts, so only a check with TLSSkipVerify accepts it.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task HttpAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        switch (Mode)
        {
            case TargetMode.Healthy:
                await http.Response.WriteAsync("all good");
                break;
            case TargetMode.TooManyRequests:
                http.Response.StatusCode = 429;
                await http.Response.WriteAsync("slow down");
                break;
            case TargetMode.Hanging:
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
                break;
            case TargetMode.Endless:
                // Gigabytes if anyone read them all: the probe must stop at its output limit.
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'x');
                for (var i = 0; i < 16 * 1024 && !http.RequestAborted.IsCancellationRequested; i++)
                {
                    await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                }

                break;
            default:
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync("broken");
                break;
        }
    }

    private async Task GrpcAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        using var request = new MemoryStream();
        await http.Request.Body.CopyToAsync(request, http.RequestAborted);
        if (Mode == TargetMode.Hanging)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        }

        http.Response.ContentType = "application/grpc";
        byte status = Mode == TargetMode.Healthy ? (byte)1 : (byte)2;
        await http.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 0x08, status }, http.RequestAborted);
        http.Response.AppendTrailer("grpc-status", "0");
    }
}
