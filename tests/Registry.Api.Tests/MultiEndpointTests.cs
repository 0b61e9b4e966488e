using System.Net;
using System.Text;

namespace Registry.Api.Tests;

public sealed class MultiEndpointTests : IAsyncLifetime
{
    private TestRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await TestRegistry.StartAsync();

    public Task DisposeAsync() => _registry.DestroyAsync();

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _registry.Client.PostAsync("/v1/multi", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_multi_applies_every_op_under_one_zxid()
    {
        using var response = await PostAsync("""
            [{"op":"create","path":"/m","data":"YQ=="},
             {"op":"create","path":"/m/seq-","mode":"persistent_sequential"},
             {"op":"set","path":"/m","data":"Yg==","version":0},
             {"op":"check","path":"/m","version":1}]
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestRegistry.ReadJsonAsync(response);
        var results = body.GetProperty("results");
        Assert.Equal("/m/seq-0000000000", results[1].GetProperty("path").GetString());
        var zxid = body.GetProperty("index").GetInt64();
        Assert.Equal(zxid, results[0].GetProperty("stat").GetProperty("czxid").GetInt64());
        Assert.Equal(zxid, results[2].GetProperty("stat").GetProperty("mzxid").GetInt64());
    }

    [Fact]
    public async Task A_failing_multi_applies_nothing_and_reports_each_op()
    {
        var before = _registry.Server.LastZxid;
        using var response = await PostAsync("""
            [{"op":"create","path":"/n"},
             {"op":"delete","path":"/absent"},
             {"op":"create","path":"/n2"}]
            """);
        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "NoNode");
        using var again = await PostAsync("""[{"op":"create","path":"/n"},{"op":"delete","path":"/absent"},{"op":"create","path":"/n2"}]""");
        var results = (await TestRegistry.ReadJsonAsync(again)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("error").GetString());
        Assert.Equal(["Ok", "NoNode", "RuntimeInconsistency"], results);
        Assert.False(_registry.Server.Tree.Exists("/n"));
        Assert.Equal(before, _registry.Server.LastZxid);
    }

    [Fact]
    public async Task Malformed_multi_bodies_are_rejected()
    {
        await ProblemAssert.IsAsync(await PostAsync("[{\"op\":\"create\""), HttpStatusCode.BadRequest, "BadJson");
        await ProblemAssert.IsAsync(await PostAsync("""[{"op":"explode","path":"/x"}]"""), HttpStatusCode.BadRequest, "BadArguments");
        await ProblemAssert.IsAsync(await PostAsync("""[{"op":"create"}]"""), HttpStatusCode.BadRequest, "BadArguments");
        await ProblemAssert.IsAsync(await PostAsync("""[{"op":"create","path":"/x","data":"!!notbase64"}]"""), HttpStatusCode.BadRequest, "BadJson");
    }
}
