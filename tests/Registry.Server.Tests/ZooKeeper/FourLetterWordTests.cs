using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Registry.Server.Tests.ZooKeeper;

public sealed partial class FourLetterWordTests : IAsyncLifetime
{
    private ZooKeeperHost _host = null!;

    public async Task InitializeAsync() => _host = await ZooKeeperHost.StartAsync(("Registry:FourLetterWords", "ruok, stat,mntr,conf,cons,wchs,envi,isro"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ruok_and_isro_answer_without_a_newline()
    {
        Assert.Equal("imok", await AskAsync("ruok"));
        Assert.Equal("rw", await AskAsync("isro\n"));
    }

    [Fact]
    public async Task Words_outside_the_whitelist_say_so_and_srvr_is_always_allowed()
    {
        Assert.Equal("wchc is not executed because it is not in the whitelist.\n", await AskAsync("wchc"));
        Assert.StartsWith("Zookeeper version: ", await AskAsync("srvr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Srvr_and_stat_print_zookeepers_lines()
    {
        await using var client = await _host.ConnectAsync();
        await client.RequestAsync(Registry.Server.ZooKeeper.Records.OpCode.Create, Requests.Create("/x"));
        var srvr = await AskAsync("srvr");
        Assert.Matches(SrvrFormat(), srvr);
        Assert.Contains($"Zxid: 0x{_host.Server.LastZxid:x}\n", srvr, StringComparison.Ordinal);
        Assert.Contains("Mode: standalone\n", srvr, StringComparison.Ordinal);
        Assert.Contains($"Node count: {_host.Server.Tree.NodeCount + 1}\n", srvr, StringComparison.Ordinal);

        var stat = await AskAsync("stat");
        Assert.Matches(@"^Zookeeper version: [^\n]+\nClients:\n( /127\.0\.0\.1:\d+\[[01]\]\(queued=\d+,recved=\d+,sent=\d+\)\n){2}\nLatency", stat);
        var cons = await AskAsync("cons");
        Assert.Matches($@" /127\.0\.0\.1:\d+\[1\]\(queued=0,recved=\d+,sent=\d+,sid=0x{client.SessionId:x},lop=CREA,est=\d+,to=30000,lcxid=0x1,lzxid=0x[0-9a-f]+,lresp=\d+,llat=\d+,minlat=\d+,avglat=[0-9.]+,maxlat=\d+\)\n", cons);
        Assert.EndsWith(")\n\n", cons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mntr_conf_wchs_and_envi_print_key_value_lines()
    {
        await using var client = await _host.ConnectAsync();
        await client.RequestAsync(Registry.Server.ZooKeeper.Records.OpCode.Exists, Requests.PathWatch("/w", watch: true));
        var mntr = (await AskAsync("mntr")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("standalone", mntr["zk_server_state"]);
        Assert.Equal("1", mntr["zk_watch_count"]);
        Assert.Equal((_host.Server.Tree.NodeCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), mntr["zk_znode_count"]);
        Assert.Contains("zk_avg_latency", mntr.Keys);
        Assert.Contains("zk_packets_received", mntr.Keys);
        Assert.Equal("1", mntr["zk_global_sessions"]);

        var conf = (await AskAsync("conf")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).ToList();
        Assert.Equal(
            ["clientPort", "secureClientPort", "dataDir", "dataDirSize", "dataLogDir", "dataLogSize", "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "clientPortListenBacklog", "serverId"],
            conf);
        Assert.Equal("1 connections watching 1 paths\nTotal watches:1\n", await AskAsync("wchs"));
        var envi = await AskAsync("envi");
        Assert.StartsWith("Environment:\nzookeeper.version=", envi, StringComparison.Ordinal);
        Assert.Contains($"\ndotnet.gc.ServerGC={System.Runtime.GCSettings.IsServerGC}\n", envi, StringComparison.Ordinal);
    }

    private async Task<string> AskAsync(string word)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex(@"^Zookeeper version: 3\.8\.0-[^,\n]+, built on [^\n]+\nLatency min/avg/max: \d+/\d+\.\d+(E-?\d+)?/\d+\nReceived: \d+\nSent: \d+\nConnections: \d+\nOutstanding: \d+\nZxid: 0x[0-9a-f]+\nMode: standalone\nNode count: \d+\n$")]
    private static partial Regex SrvrFormat();
}
