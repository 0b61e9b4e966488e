using System.Text;
using System.Text.Json;

namespace Registry.Api.Tests.Consul;

public sealed class ConsulKvTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    private HttpClient Client => _registry.Client;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    private async Task<bool> PutAsync(string path, string value) => (await (await Client.PutAsync(path, value)).JsonAsync()).GetBoolean();

    private async Task<JsonElement> EntryAsync(string key) => (await (await Client.GetAsync("/v1/kv/" + key)).JsonAsync())[0];

    [Fact]
    public async Task Put_get_with_flags_raw_and_base64_values()
    {
        Assert.True(await PutAsync("/v1/kv/config/db?flags=42", "postgres://x"));

        var entry = await EntryAsync("config/db");
        Assert.Equal("config/db", entry.GetProperty("Key").GetString());
        Assert.Equal(42UL, entry.GetProperty("Flags").GetUInt64());
        Assert.Equal("postgres://x", Encoding.UTF8.GetString(Convert.FromBase64String(entry.GetProperty("Value").GetString()!)));
        Assert.False(entry.TryGetProperty("Session", out _));
        Assert.Equal("postgres://x", await Client.GetStringAsync("/v1/kv/config/db?raw"));
        var missing = await Client.GetAsync("/v1/kv/config/nope");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.True(missing.ConsulIndex() >= 1);
    }

    [Fact]
    public async Task Check_and_set_uses_the_modify_index()
    {
        Assert.True(await PutAsync("/v1/kv/counter?cas=0", "1"));
        Assert.False(await PutAsync("/v1/kv/counter?cas=0", "2"));
        var index = (await EntryAsync("counter")).GetProperty("ModifyIndex").GetInt64();

        Assert.False(await PutAsync($"/v1/kv/counter?cas={index + 100}", "3"));
        Assert.True(await PutAsync($"/v1/kv/counter?cas={index}", "4"));
        Assert.False(await PutAsync($"/v1/kv/counter?cas={index}", "5"));
        Assert.Equal("4", await Client.GetStringAsync("/v1/kv/counter?raw"));

        var current = (await EntryAsync("counter")).GetProperty("ModifyIndex").GetInt64();
        Assert.False((await (await Client.DeleteAsync($"/v1/kv/counter?cas={index}")).JsonAsync()).GetBoolean());
        Assert.True((await (await Client.DeleteAsync($"/v1/kv/counter?cas={current}")).JsonAsync()).GetBoolean());
        Assert.Equal(404, (int)(await Client.GetAsync("/v1/kv/counter")).StatusCode);
    }

    [Fact]
    public async Task Recurse_keys_separator_and_recursive_delete_work_on_string_prefixes()
    {
        foreach (var key in new[] { "web/foo", "web/bar", "web/subdir/x", "webby", "other" })
        {
            Assert.True(await PutAsync("/v1/kv/" + key, key));
        }

        var recurse = await (await Client.GetAsync("/v1/kv/web/?recurse")).JsonAsync();
        Assert.Equal(["web/bar", "web/foo", "web/subdir/x"], recurse.EnumerateArray().Select(e => e.GetProperty("Key").GetString()));
        Assert.Equal(["web/bar", "web/foo", "web/subdir/"], (await (await Client.GetAsync("/v1/kv/web/?keys&separator=/")).JsonAsync()).EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4, (await (await Client.GetAsync("/v1/kv/web?keys")).JsonAsync()).GetArrayLength());

        Assert.True((await (await Client.DeleteAsync("/v1/kv/web/?recurse")).JsonAsync()).GetBoolean());
        Assert.Equal(["other", "webby"], (await (await Client.GetAsync("/v1/kv/?keys")).JsonAsync()).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Keys_with_any_characters_round_trip()
    {
        foreach (var key in new[] { "a//b", "trailing/", "100%", "ünïcode key" })
        {
            // Clients differ in whether they encode '/': both spellings name the same key.
            Assert.True(await PutAsync("/v1/kv/" + Uri.EscapeDataString(key), key));
            Assert.Equal(key, (await EntryAsync(Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal))).GetProperty("Key").GetString());
        }
    }

    [Theory]
    [InlineData(".", "%2E")]
    [InlineData("..", "%2E%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("50%", "50%25")]
    [InlineData("ü", "%C3%BC")]
    public void Keys_map_to_valid_znode_names_and_back(string key, string name)
    {
        Assert.Equal(name, Registry.Api.Consul.Kv.KvPaths.Encode(key));
        Assert.Equal(key, Registry.Api.Consul.Kv.KvPaths.Decode(name));
        Registry.Tree.ZPath.EnsureValid(Registry.Api.Consul.Kv.KvPaths.Entry(key));
    }

    [Fact]
    public async Task Locks_follow_sessions_acquire_release_and_session_end()
    {
        var s1 = (await (await Client.PutAsync("/v1/session/create", """{"Name":"leader","TTL":"30s"}""")).JsonAsync()).GetProperty("ID").GetString()!;
        var s2 = (await (await Client.PutAsync("/v1/session/create")).JsonAsync()).GetProperty("ID").GetString()!;

        Assert.True(await PutAsync($"/v1/kv/lead?acquire={s1}", "one"));
        Assert.True(await PutAsync($"/v1/kv/lead?acquire={s1}", "one again"));
        Assert.False(await PutAsync($"/v1/kv/lead?acquire={s2}", "two"));
        var held = await EntryAsync("lead");
        Assert.Equal((s1, 1UL), (held.GetProperty("Session").GetString(), held.GetProperty("LockIndex").GetUInt64()));

        Assert.False(await PutAsync($"/v1/kv/lead?release={s2}", "x"));
        Assert.True(await PutAsync($"/v1/kv/lead?release={s1}", "released"));
        Assert.False((await EntryAsync("lead")).TryGetProperty("Session", out _));

        Assert.True(await PutAsync($"/v1/kv/lead?acquire={s2}", "two"));
        Assert.Equal(2UL, (await EntryAsync("lead")).GetProperty("LockIndex").GetUInt64());
        Assert.True((await (await Client.PutAsync($"/v1/session/destroy/{s2}")).JsonAsync()).GetBoolean());
        var after = await EntryAsync("lead");
        Assert.False(after.TryGetProperty("Session", out _));
        Assert.Equal("two", Encoding.UTF8.GetString(Convert.FromBase64String(after.GetProperty("Value").GetString()!)));
    }

    [Fact]
    public async Task Bad_kv_input_gets_consul_errors()
    {
        await (await Client.PutAsync("/v1/kv/x?cas=abc", "1")).AssertTextErrorAsync(400, "Invalid");
        await (await Client.PutAsync("/v1/kv/x?acquire=not-a-uuid", "1")).AssertTextErrorAsync(400, "Invalid session");
        await (await Client.PutAsync("/v1/kv/x?acquire=00000000-0000-0000-0000-00000000abcd", "1")).AssertTextErrorAsync(500, "nvalid session");
        await (await Client.PutAsync("/v1/kv/", "1")).AssertTextErrorAsync(400, "Missing key");
        await (await Client.PutAsync("/v1/kv/big", new string('x', 600 * 1024))).AssertTextErrorAsync(413, "too large");
        Assert.Equal(404, (int)(await Client.GetAsync("/v1/kv/x")).StatusCode);
    }

    [Fact]
    public async Task Sessions_can_be_inspected_renewed_and_destroyed()
    {
        var id = (await (await Client.PutAsync("/v1/session/create", """{"Name":"s","TTL":"15s","LockDelay":"1s"}""")).JsonAsync()).GetProperty("ID").GetString()!;
        var info = Assert.Single((await (await Client.GetAsync($"/v1/session/info/{id}")).JsonAsync()).EnumerateArray());
        Assert.Equal(("s", "15s", 1_000_000_000L, "release"), (info.GetProperty("Name").GetString(), info.GetProperty("TTL").GetString(), info.GetProperty("LockDelay").GetInt64(), info.GetProperty("Behavior").GetString()));
        Assert.Single((await (await Client.PutAsync($"/v1/session/renew/{id}")).JsonAsync()).EnumerateArray());
        Assert.Single((await (await Client.GetAsync("/v1/session/list")).JsonAsync()).EnumerateArray());

        Assert.True((await (await Client.PutAsync($"/v1/session/destroy/{id}")).JsonAsync()).GetBoolean());
        Assert.Empty((await (await Client.GetAsync($"/v1/session/info/{id}")).JsonAsync()).EnumerateArray());
        await (await Client.PutAsync($"/v1/session/renew/{id}")).AssertTextErrorAsync(404, "not found");
        await (await Client.PutAsync("/v1/session/create", """{"TTL":"1s"}""")).AssertTextErrorAsync(400, "Invalid Session TTL");
        await (await Client.PutAsync("/v1/session/destroy/zzz")).AssertTextErrorAsync(400, "Invalid session ID");
    }
}
