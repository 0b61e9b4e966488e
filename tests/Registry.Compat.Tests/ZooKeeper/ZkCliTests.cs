namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>zkCli.sh from Debian's zookeeper package, fed commands on standard input.</summary>
public sealed class ZkCliTests(RegistryZooKeeperFixture fixture) : IClassFixture<RegistryZooKeeperFixture>
{
    private const string ZkCli = "/usr/share/zookeeper/bin/zkCli.sh";

    [Fact]
    public async Task ZkCli_creates_lists_reads_updates_and_deletes()
    {
        const string commands = """
            create /cli "one"
            create -e -s /cli/e- "eph"
            ls /cli
            get -s /cli
            stat /cli/e-0000000000
            set /cli "two"
            get /cli
            create /cli/gone
            delete /cli/gone
            create /cli/x
            create /cli/x/y
            ls /cli
            deleteall /cli
            ls /
            quit

            """;
        var (exit, output, error) = await ChildProcess.RunAsync(ZkCli, ["-server", fixture.Server.Hosts], TimeSpan.FromSeconds(90), commands);
        Assert.True(exit == 0, error);
        // zkCli prints results on stdout and "Created ..." on stderr.
        var lines = (output + "\n" + error).Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("Created /cli", lines);
        Assert.Contains("Created /cli/e-0000000000", lines);
        Assert.Contains("[e-0000000000]", lines);
        Assert.Contains("one", lines);
        Assert.Contains("numChildren = 1", lines);
        Assert.Contains("dataVersion = 0", lines);
        Assert.Contains(lines, l => l.StartsWith("ephemeralOwner = 0x", StringComparison.Ordinal) && l != "ephemeralOwner = 0x0");
        Assert.Contains("two", lines);
        Assert.Contains("[e-0000000000, x]", lines);
        Assert.Equal("[zookeeper]", output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith('[')));
    }
}
