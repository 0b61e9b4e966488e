namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>
/// The same scripted sessions (including their errors) against the registry and against a real Apache
/// ZooKeeper 3.8 (Debian's package): results, error codes, Stat fields (zxids and times aside) and watch
/// events must be the same, step by step. One session goes through kazoo, the other is written frame by
/// frame for the requests kazoo does not send.
/// </summary>
public sealed class DifferentialTests
{
    [Fact]
    public async Task Registry_answers_a_scripted_session_exactly_like_Apache_ZooKeeper()
    {
        await using var registry = await RegistryZooKeeper.StartAsync();
        await using var zookeeper = await ApacheZooKeeper.StartAsync();
        var both = await Task.WhenAll(KazooTests.RunScenarioAsync(registry.Hosts), KazooTests.RunScenarioAsync(zookeeper.Hosts));
        var ours = both[0].Select(e => e.GetRawText()).ToList();
        var theirs = both[1].Select(e => e.GetRawText()).ToList();
        Assert.True(theirs.Count > 30, "the scenario did not run through against Apache ZooKeeper");
        for (var i = 0; i < Math.Max(ours.Count, theirs.Count); i++)
        {
            Assert.Equal(theirs.ElementAtOrDefault(i), ours.ElementAtOrDefault(i));
        }
    }

    [Fact]
    public async Task Registry_answers_raw_protocol_requests_exactly_like_Apache_ZooKeeper()
    {
        await using var registry = await RegistryZooKeeper.StartAsync();
        await using var zookeeper = await ApacheZooKeeper.StartAsync();
        var ours = await registry.WithServerLogAsync(() => WireScenario.RunAsync(registry.Port));
        var theirs = await WireScenario.RunAsync(zookeeper.Port);
        for (var i = 0; i < Math.Max(ours.Count, theirs.Count); i++)
        {
            Assert.Equal(theirs.ElementAtOrDefault(i), ours.ElementAtOrDefault(i));
        }
    }
}
