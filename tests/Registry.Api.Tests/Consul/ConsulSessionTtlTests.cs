using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Registry.Catalog.Sessions;

namespace Registry.Api.Tests.Consul;

/// <summary>A Consul session lives while it is renewed within its TTL, counted from the last renew, on a controlled clock.</summary>
public sealed class ConsulSessionTtlTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20_000));
    private TestRegistry _registry = null!;

    private HttpClient Client => _registry.Client;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync(time: _time);

    public Task DisposeAsync() => _registry.DestroyAsync();

    private async Task<bool> ExistsAsync(string id) => (await (await Client.GetAsync($"/v1/session/info/{id}")).JsonAsync()).GetArrayLength() == 1;

    /// <summary>Moves the clock and runs one keeper pass to completion (the keeper's own timer may run one too).</summary>
    private async Task PassAsync(TimeSpan elapsed)
    {
        _time.Advance(elapsed);
        await _registry.Services.GetRequiredService<SessionKeeper>().KeepAsync();
    }

    [Fact]
    public async Task A_renew_restarts_the_ttl_and_a_lapsed_session_is_closed()
    {
        var id = (await (await Client.PutAsync("/v1/session/create", """{"Name":"s","TTL":"10s"}""")).JsonAsync()).GetProperty("ID").GetString()!;
        var index = (await Client.GetAsync($"/v1/session/info/{id}")).ConsulIndex();

        await PassAsync(TimeSpan.FromSeconds(6));
        Assert.True(await ExistsAsync(id));
        Assert.Single((await (await Client.PutAsync($"/v1/session/renew/{id}")).JsonAsync()).EnumerateArray());

        // 12 s after creation, 6 s after the renew: alive, and the renew changed nothing a blocking query waits for.
        await PassAsync(TimeSpan.FromSeconds(6));
        Assert.True(await ExistsAsync(id));
        Assert.Equal(index, (await Client.GetAsync($"/v1/session/info/{id}")).ConsulIndex());

        // 11 s after the renew: closed (the keeper's own pass may be the one closing it, so wait for the change).
        await PassAsync(TimeSpan.FromSeconds(5));
        Assert.Empty((await (await Client.GetAsync($"/v1/session/info/{id}?index={index}&wait=10m")).JsonAsync()).EnumerateArray());
        await (await Client.PutAsync($"/v1/session/renew/{id}")).AssertTextErrorAsync(404, "not found");
    }

    [Fact]
    public async Task A_session_without_ttl_is_kept_until_destroyed()
    {
        var id = (await (await Client.PutAsync("/v1/session/create", """{"Name":"forever"}""")).JsonAsync()).GetProperty("ID").GetString()!;
        for (var i = 0; i < 30; i++)
        {
            await PassAsync(TimeSpan.FromSeconds(5));
        }

        Assert.True(await ExistsAsync(id));
    }
}
