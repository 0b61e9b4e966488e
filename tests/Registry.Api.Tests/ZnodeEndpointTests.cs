using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Registry.Api.Tests;

public sealed class ZnodeEndpointTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    private HttpClient Client => _registry.Client;

    [Fact]
    public async Task Create_then_get_returns_data_stat_and_index()
    {
        using var created = await _registry.CreateAsync("/app", "hello");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/znodes/app", created.Headers.Location?.ToString());
        var body = await TestRegistry.ReadJsonAsync(created);
        Assert.Equal("/app", body.GetProperty("path").GetString());
        var zxid = TestRegistry.IndexOf(created);
        Assert.Equal(zxid, body.GetProperty("stat").GetProperty("czxid").GetInt64());

        using var read = await Client.GetAsync("/v1/znodes/app");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var node = await TestRegistry.ReadJsonAsync(read);
        Assert.Equal("hello", Encoding.UTF8.GetString(node.GetProperty("data").GetBytesFromBase64()));
        var stat = node.GetProperty("stat");
        Assert.Equal(zxid, stat.GetProperty("mzxid").GetInt64());
        Assert.Equal(zxid, stat.GetProperty("pzxid").GetInt64());
        Assert.Equal(0, stat.GetProperty("version").GetInt32());
        Assert.Equal(5, stat.GetProperty("dataLength").GetInt32());
        Assert.Equal("0", stat.GetProperty("ephemeralOwner").GetString());
        Assert.True(TestRegistry.IndexOf(read) >= zxid);
    }

    [Fact]
    public async Task Octet_stream_accept_returns_raw_bytes()
    {
        (await _registry.CreateAsync("/raw", "bytes!")).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/znodes/raw");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var response = await Client.SendAsync(request);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes!", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sequential_creates_get_increasing_suffixes()
    {
        (await _registry.CreateAsync("/q")).Dispose();
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _registry.CreateAsync("/q/item-", query: "mode=persistent_sequential");
            paths.Add((await TestRegistry.ReadJsonAsync(response)).GetProperty("path").GetString()!);
        }

        Assert.Equal(["/q/item-0000000000", "/q/item-0000000001", "/q/item-0000000002"], paths);
        using var children = await Client.GetAsync("/v1/znodes/q?children");
        var list = (await TestRegistry.ReadJsonAsync(children)).GetProperty("children").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["item-0000000000", "item-0000000001", "item-0000000002"], list);
    }

    [Fact]
    public async Task Any_content_type_is_accepted_as_raw_data()
    {
        using var content = new StringContent("plain text", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Client.PostAsync("/v1/znodes/form", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(10, (await TestRegistry.ReadJsonAsync(response)).GetProperty("stat").GetProperty("dataLength").GetInt32());
    }

    [Fact]
    public async Task Root_lists_the_reserved_zookeeper_node()
    {
        using var response = await Client.GetAsync("/v1/znodes/?children");
        var body = await TestRegistry.ReadJsonAsync(response);
        Assert.Equal("/", body.GetProperty("path").GetString());
        Assert.Contains("zookeeper", body.GetProperty("children").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Errors_are_problem_json_with_zookeeper_names()
    {
        (await _registry.CreateAsync("/dup")).Dispose();
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/dup"), HttpStatusCode.Conflict, "NodeExists");
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/missing/child"), HttpStatusCode.NotFound, "NoNode");
        await ProblemAssert.IsAsync(await Client.GetAsync("/v1/znodes/nothing"), HttpStatusCode.NotFound, "NoNode");
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/bad%01path"), HttpStatusCode.BadRequest, "BadArguments");
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/x", query: "mode=forever"), HttpStatusCode.BadRequest, "BadArguments");
        await ProblemAssert.IsAsync(await Client.DeleteAsync("/v1/znodes/zookeeper"), HttpStatusCode.BadRequest, "BadArguments");
        await ProblemAssert.IsAsync(await Client.GetAsync("/v1/znodes/dup?index=notanumber"), HttpStatusCode.BadRequest, "BadRequest");
        await ProblemAssert.IsAsync(await Client.GetAsync("/v1/znodes/dup?index=1&wait=10x"), HttpStatusCode.BadRequest, "BadArguments");
    }

    [Fact]
    public async Task Conditional_set_and_delete_check_versions()
    {
        (await _registry.CreateAsync("/v", "0")).Dispose();
        using var set = await Client.PutAsync("/v1/znodes/v?version=0", new ByteArrayContent("1"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await TestRegistry.ReadJsonAsync(set)).GetProperty("stat").GetProperty("version").GetInt32());
        await ProblemAssert.IsAsync(await Client.PutAsync("/v1/znodes/v?version=0", new ByteArrayContent("2"u8.ToArray())), HttpStatusCode.Conflict, "BadVersion");
        await ProblemAssert.IsAsync(await Client.DeleteAsync("/v1/znodes/v?version=7"), HttpStatusCode.Conflict, "BadVersion");
        using var deleted = await Client.DeleteAsync("/v1/znodes/v?version=1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsAsync(await Client.GetAsync("/v1/znodes/v"), HttpStatusCode.NotFound, "NoNode");
    }

    [Fact]
    public async Task Delete_of_a_parent_needs_recursive()
    {
        (await _registry.CreateAsync("/tree")).Dispose();
        (await _registry.CreateAsync("/tree/a")).Dispose();
        (await _registry.CreateAsync("/tree/a/b")).Dispose();
        await ProblemAssert.IsAsync(await Client.DeleteAsync("/v1/znodes/tree"), HttpStatusCode.Conflict, "NotEmpty");
        using var deleted = await Client.DeleteAsync("/v1/znodes/tree?recursive=true");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(_registry.Server.Tree.Exists("/tree/a/b"));
        Assert.False(_registry.Server.Tree.Exists("/tree"));
    }

    [Fact]
    public async Task Data_over_the_limit_is_refused_with_413()
    {
        var big = new string('x', (1024 * 1024) + 1);
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/big", big), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.False(_registry.Server.Tree.Exists("/big"));
    }

    [Fact]
    public async Task Acl_is_enforced_and_digest_auth_grants_access()
    {
        const string bob = "digest:bob:fyVmFCwVbTJYrznoSu1koqYEYF0=:cdrwa";
        using (var created = await _registry.CreateAsync("/secret", "s3", query: "acl=" + Uri.EscapeDataString(bob)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await ProblemAssert.IsAsync(await Client.GetAsync("/v1/znodes/secret"), HttpStatusCode.Forbidden, "NoAuth");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/znodes/secret");
        request.Headers.Add("X-Registry-Auth", "digest bob:secret");
        using var allowed = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        using var acl = await Client.GetAsync("/v1/znodes/secret?acl");
        await ProblemAssert.IsAsync(acl, HttpStatusCode.Forbidden, "NoAuth");
        await ProblemAssert.IsAsync(await _registry.CreateAsync("/open", query: "acl=world:anyone:zz"), HttpStatusCode.BadRequest, "InvalidAcl");
    }

    [Fact]
    public async Task Set_acl_replaces_the_acl_and_bumps_aversion()
    {
        (await _registry.CreateAsync("/acl")).Dispose();
        using var content = new StringContent("""[{"perms":"r","scheme":"world","id":"anyone"}]""", Encoding.UTF8, "application/json");
        using var set = await Client.PutAsync("/v1/znodes/acl?acl&version=0", content);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var body = await TestRegistry.ReadJsonAsync(set);
        Assert.Equal(1, body.GetProperty("stat").GetProperty("aversion").GetInt32());
        Assert.Equal("r", body.GetProperty("acl")[0].GetProperty("perms").GetString());
        await ProblemAssert.IsAsync(await Client.PutAsync("/v1/znodes/acl", new ByteArrayContent([1])), HttpStatusCode.Forbidden, "NoAuth");
    }
}
