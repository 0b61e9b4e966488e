using System.Text.Json;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>Python kazoo (Debian's python3-kazoo) against a real registry process.</summary>
public sealed class KazooTests(RegistryZooKeeperFixture fixture) : IClassFixture<RegistryZooKeeperFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Crud_ephemeral_and_sequential_nodes_and_watches_behave_like_ZooKeeper()
    {
        var transcript = await RunScenarioAsync(fixture.Server.Hosts);
        string Entry(string step) => transcript.Single(e => e[0].GetString() == step).GetRawText();

        Assert.Equal("""["create ephemeral","ok","/scenario/eph"]""", Entry("create ephemeral"));
        Assert.Equal("""["child of ephemeral","error","NoChildrenForEphemeralsError"]""", Entry("child of ephemeral"));
        Assert.Equal("""["sequential 0","ok","/scenario/seq-0000000001"]""", Entry("sequential 0"));
        Assert.Equal("""["ephemeral sequential","ok","/scenario/es-0000000004"]""", Entry("ephemeral sequential"));
        Assert.Equal("""["delete reserved","error","BadArgumentsError"]""", Entry("delete reserved"));
        Assert.Equal("""["multi failing","ok",["RolledBackError","NoNodeError","RuntimeInconsistency"]]""", Entry("multi failing"));
        Assert.Contains("\"bob:fyVmFCwVbTJYrznoSu1koqYEYF0=\"", Entry("get acl protected"), StringComparison.Ordinal);
        var events = transcript.Where(e => e[0].GetString() == "events").Select(e => e[2].GetRawText()).ToList();
        Assert.Equal(
            [
                """[["children root","CHILD","/scenario"],["data m1","CHANGED","/scenario/m1"],["exists later","CREATED","/scenario/later"]]""",
                """[["children later","DELETED","/scenario/later"],["data later","DELETED","/scenario/later"]]""",
                """[["other eph","DELETED","/scenario/eph"]]""",
            ],
            events);
        Assert.Equal("""["ephemeral gone after close","ok",null]""", Entry("ephemeral gone after close"));
    }

    [Fact]
    public async Task Lock_recipe_gives_mutual_exclusion_across_processes()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"registry-lock-{Guid.NewGuid():N}");
        const int workers = 4;
        const int rounds = 5;
        var runs = Enumerable.Range(0, workers).Select(i => ChildProcess.RunAsync(
            ChildProcess.Python, [ChildProcess.Script("kazoo/lock_worker.py"), fixture.Server.Hosts, $"w{i}", $"{rounds}", marker], Timeout));
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.All(results, r => Assert.EndsWith($"acquired={rounds} violations=0", r.Output.Trim(), StringComparison.Ordinal));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Election_recipe_elects_one_leader_at_a_time_and_hands_over_when_it_leaves()
    {
        var (exit, output, error) = await ChildProcess.RunAsync(ChildProcess.Python, [ChildProcess.Script("kazoo/election.py"), fixture.Server.Hosts], Timeout);
        Assert.True(exit == 0, error);
        using var result = JsonDocument.Parse(output);
        Assert.Equal(["a", "b", "c"], result.RootElement.GetProperty("leaders").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(1, result.RootElement.GetProperty("most_at_once").GetInt32());
        Assert.Equal(3, result.RootElement.GetProperty("first_contenders").GetInt32());
    }

    [Fact]
    public async Task Session_expiry_and_session_close_remove_ephemerals()
    {
        var (exit, output, error) = await ChildProcess.RunAsync(ChildProcess.Python, [ChildProcess.Script("kazoo/expiry.py"), fixture.Server.Hosts], Timeout);
        Assert.True(exit == 0, error);
        using var result = JsonDocument.Parse(output);
        foreach (var check in result.RootElement.EnumerateObject())
        {
            Assert.True(check.Value.GetBoolean(), $"{check.Name} failed: {output}");
        }

        Assert.Equal(5, result.RootElement.EnumerateObject().Count());
    }

    internal static async Task<List<JsonElement>> RunScenarioAsync(string hosts)
    {
        var (exit, output, error) = await ChildProcess.RunAsync(ChildProcess.Python, [ChildProcess.Script("kazoo/scenario.py"), hosts], Timeout);
        Assert.True(exit == 0, error);
        return [.. JsonDocument.Parse(output).RootElement.Clone().EnumerateArray()];
    }
}
