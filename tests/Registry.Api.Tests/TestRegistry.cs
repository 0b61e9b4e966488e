using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Registry.Api;
using Registry.Server;

namespace Registry.Api.Tests;

/// <summary>A real Registry app (pipeline, log, snapshots in a temp dir) behind an in-memory TestServer.</summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestRegistry(WebApplication app, string dataDir, FakeTimeProvider? time, HttpClient client)
    {
        _app = app;
        DataDir = dataDir;
        Time = time;
        Client = client;
    }

    public HttpClient Client { get; }

    public string DataDir { get; }

    public FakeTimeProvider? Time { get; }

    public RegistryServer Server => _app.Services.GetRequiredService<RegistryServer>();

    public IServiceProvider Services => _app.Services;

    public static async Task<TestRegistry> StartAsync(string? dataDir = null, FakeTimeProvider? time = null, params string[] settings)
    {
        dataDir ??= Directory.CreateTempSubdirectory("registry-api-").FullName;
        var args = new[] { $"--Registry:DataDir={dataDir}", "--Registry:Dns:Port=0" }.Concat(settings).ToArray();
        var app = RegistryWebApp.Build(args, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            if (time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }
        });
        app.Recover();
        await app.StartAsync();
        return new TestRegistry(app, dataDir, time, app.GetTestClient());
    }

    /// <summary>The same app on a real loopback socket (Kestrel, a free port), for what depends on connections, e.g. a client hanging up.</summary>
    public static async Task<TestRegistry> ListenAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("registry-api-").FullName;
        var app = RegistryWebApp.Build(
            [$"--Registry:DataDir={dataDir}", "--Registry:Dns:Port=0", "--urls=http://127.0.0.1:0"],
            builder => builder.Logging.ClearProviders());
        app.Recover();
        await app.StartAsync();
        return new TestRegistry(app, dataDir, null, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    public async Task<HttpResponseMessage> CreateAsync(string path, string data = "", string? query = null, string? session = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/znodes" + path + (query is null ? "" : "?" + query))
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(data)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (session is not null)
        {
            request.Headers.Add("X-Registry-Session", session);
        }

        return await Client.SendAsync(request);
    }

    public async Task<string> OpenSessionAsync(int timeoutMs = 30_000)
    {
        using var response = await Client.PostAsJsonAsync("/v1/sessions", new { timeoutMs });
        response.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static long IndexOf(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("X-Registry-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Stops the app and deletes its data.</summary>
    public async Task DestroyAsync()
    {
        await DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
