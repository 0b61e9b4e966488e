using System.Text;
using Registry.Server.Tests.ZooKeeper;
using Registry.Server.ZooKeeper.Jute;
using Registry.Server.ZooKeeper.Records;
using Registry.Tree;

namespace Registry.Compat.Tests.ZooKeeper;

/// <summary>
/// Requests kazoo cannot send (create2, containers, TTL, getEphemerals, getAllChildrenNumber, whoAmI, addWatch,
/// check/removeWatches, multiRead, setWatches catch-up, reconfig, an unknown opcode), written frame by frame.
/// Each step is rendered as one line with zxids and times left out, so two servers can be compared.
/// </summary>
internal static class WireScenario
{
    public static async Task<List<string>> RunAsync(int port)
    {
        var lines = new List<string>();
        await using var a = await JuteClient.ConnectAsync(port);
        await using var b = await JuteClient.ConnectAsync(port);

        async Task<Frame> Step(JuteClient client, string name, OpCode type, Action<JuteWriter>? body, Func<Frame, string>? render = null, int? xid = null)
        {
            Frame reply;
            try
            {
                reply = await client.RequestAsync(type, body, xid);
            }
            catch (Exception e) when (e is TimeoutException or EndOfStreamException or InvalidOperationException)
            {
                throw new InvalidOperationException($"step '{name}' got no proper reply after:\n{string.Join('\n', lines)}", e);
            }

            lines.Add($"{name}: {reply.Error}{(reply.Error == ErrorCode.Ok && render is not null ? " " + render(reply) : "")}");
            return reply;
        }

        async Task Events(JuteClient client, string name)
        {
            await client.RequestAsync(OpCode.Ping, xid: Xids.Ping);
            lines.Add($"{name} events: {string.Join(", ", client.Notifications.Select(Requests.ReadEvent).Select(e => $"{e.Type}@{e.Path}"))}");
            client.Notifications.Clear();
        }

        await Step(a, "create2", OpCode.Create2, Requests.Create("/raw", "d"), PathAndStat);
        await Step(a, "createContainer", OpCode.CreateContainer, Requests.Create("/raw/cont", flags: 4), PathAndStat);
        await Step(a, "create child", OpCode.Create, Requests.Create("/raw/cont/c"), Path);
        await Step(a, "createTTL", OpCode.CreateTtl, Requests.Create("/raw/ttl", flags: 5, ttl: 100_000), PathAndStat);
        await Step(a, "createTTL without a TTL mode", OpCode.CreateTtl, Requests.Create("/raw/ttl2", flags: 0, ttl: 10));
        await Step(a, "create with unknown flags", OpCode.Create, Requests.Create("/raw/bad", flags: 9));
        await Step(a, "create ephemeral", OpCode.Create, Requests.Create("/raw/e1", flags: 1), Path);
        await Step(a, "create ephemeral sequential", OpCode.Create, Requests.Create("/raw/e2-", flags: 3), Path);
        await Step(b, "create other ephemeral", OpCode.Create, Requests.Create("/raw/e3", flags: 1), Path);
        await Step(a, "getEphemerals prefix", OpCode.GetEphemerals, Requests.Path("/raw/e"), SortedStrings);
        await Step(a, "getEphemerals all", OpCode.GetEphemerals, w => w.WriteString(null), SortedStrings);
        await Step(a, "getAllChildrenNumber", OpCode.GetAllChildrenNumber, Requests.Path("/raw"), Int);
        await Step(a, "getAllChildrenNumber root", OpCode.GetAllChildrenNumber, Requests.Path("/"), Int);
        await Step(a, "getAllChildrenNumber missing", OpCode.GetAllChildrenNumber, Requests.Path("/raw/none"), Int);
        await Step(a, "whoAmI", OpCode.WhoAmI, null, ClientInfos);
        await Step(a, "auth", OpCode.Auth, w =>
        {
            w.WriteInt(0);
            w.WriteString("digest");
            w.WriteBuffer("bob:secret"u8);
        }, xid: Xids.Auth);
        await Step(a, "whoAmI after auth", OpCode.WhoAmI, null, ClientInfos);

        await Step(a, "addWatch persistent", OpCode.AddWatch, Requests.PathInt("/raw/pw", 0), Int);
        await Step(a, "addWatch recursive", OpCode.AddWatch, Requests.PathInt("/raw", 1), Int);
        await Step(a, "checkWatches any", OpCode.CheckWatches, Requests.PathInt("/raw/pw", 3));
        await Step(b, "create watched", OpCode.Create, Requests.Create("/raw/pw"), Path);
        await Step(b, "set watched", OpCode.SetData, Requests.SetData("/raw/pw", "x"), StatOnly);
        await Step(b, "create below watched", OpCode.Create, Requests.Create("/raw/pw/kid"), Path);
        await Step(b, "delete below watched", OpCode.Delete, Requests.PathInt("/raw/pw/kid", -1));
        await Step(b, "delete watched", OpCode.Delete, Requests.PathInt("/raw/pw", -1));
        await Events(a, "persistent watches");
        await Step(a, "removeWatches any", OpCode.RemoveWatches, Requests.PathInt("/raw/pw", 3));
        await Step(a, "removeWatches again", OpCode.RemoveWatches, Requests.PathInt("/raw/pw", 3));

        await Step(a, "exists missing with watch", OpCode.Exists, Requests.PathWatch("/raw/nothing", watch: true));
        await Step(a, "checkWatches data", OpCode.CheckWatches, Requests.PathInt("/raw/nothing", 2));
        await Step(a, "removeWatches children", OpCode.RemoveWatches, Requests.PathInt("/raw/nothing", 1));
        await Step(a, "removeWatches data", OpCode.RemoveWatches, Requests.PathInt("/raw/nothing", 2));

        await Step(a, "multiRead", OpCode.MultiRead, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.GetData, (ErrorCode)(-1));
            Requests.PathWatch("/raw")(w);
            MultiCodec.WriteHeader(w, OpCode.GetChildren, (ErrorCode)(-1));
            Requests.PathWatch("/raw/none")(w);
            MultiCodec.WriteHeader(w, OpCode.GetChildren, (ErrorCode)(-1));
            Requests.PathWatch("/raw/cont")(w);
            MultiCodec.WriteEnd(w);
        }, MultiResults);
        await Step(a, "multi with create2", OpCode.Multi, w =>
        {
            MultiCodec.WriteHeader(w, OpCode.Create2, (ErrorCode)(-1));
            Requests.Create("/raw/m")(w);
            MultiCodec.WriteHeader(w, OpCode.SetData, (ErrorCode)(-1));
            Requests.SetData("/raw/m", "v")(w);
            MultiCodec.WriteHeader(w, OpCode.Check, (ErrorCode)(-1));
            Requests.PathInt("/raw/m", 1)(w);
            MultiCodec.WriteHeader(w, OpCode.Delete, (ErrorCode)(-1));
            Requests.PathInt("/raw/m", 1)(w);
            MultiCodec.WriteEnd(w);
        }, MultiResults);
        await Step(a, "empty multi", OpCode.Multi, MultiCodec.WriteEnd, MultiResults);

        var mark = await Step(a, "set before reconnect", OpCode.SetData, Requests.SetData("/raw", "1"), StatOnly);
        await Step(b, "change after mark", OpCode.SetData, Requests.SetData("/raw", "2"), StatOnly);
        await Step(b, "create after mark", OpCode.Create, Requests.Create("/raw/born"), Path);
        await using (var c = await JuteClient.ConnectAsync(port))
        {
            await Step(c, "setWatches", OpCode.SetWatches, w =>
            {
                w.WriteLong(mark.Zxid);
                w.WriteStringVector(["/raw", "/raw/gone", "/raw/ttl"]);
                w.WriteStringVector(["/raw/born", "/raw/unborn"]);
                w.WriteStringVector(["/raw/cont", "/raw/gone2"]);
            }, xid: Xids.SetWatches);
            lines.Add("setWatches fired: " + string.Join(", ", c.Notifications.Select(Requests.ReadEvent).Select(e => $"{e.Type}@{e.Path}").Order(StringComparer.Ordinal)));
            c.Notifications.Clear();
            await Step(b, "touch rearmed", OpCode.SetData, Requests.SetData("/raw/ttl", "t"), StatOnly);
            await Step(b, "create rearmed", OpCode.Create, Requests.Create("/raw/unborn"), Path);
            await Events(c, "rearmed");
        }

        await Step(a, "delete not empty", OpCode.Delete, Requests.PathInt("/raw/cont", -1));
        await Step(a, "delete reserved", OpCode.Delete, Requests.PathInt("/zookeeper/config", -1));
        await Step(a, "getACL", OpCode.GetAcl, Requests.Path("/raw/cont"), AclAndStat);
        await Step(a, "getChildren2 root", OpCode.GetChildren2, Requests.PathWatch("/zookeeper"), ChildrenAndStat);
        await Step(a, "reconfig", OpCode.Reconfig, w =>
        {
            w.WriteString(null);
            w.WriteString("2");
            w.WriteString(null);
            w.WriteLong(-1);
        });
        await Step(a, "unknown opcode", (OpCode)77, null);
        lines.Add($"closed after unknown opcode: {await a.IsClosedByServerAsync()}");
        return lines;
    }

    private static string Path(Frame f) => f.Reader().ReadString() ?? "null";

    private static string PathAndStat(Frame f)
    {
        var r = f.Reader();
        var path = r.ReadString();
        return $"{path} {Stat(ref r)}";
    }

    private static string StatOnly(Frame f)
    {
        var r = f.Reader();
        return Stat(ref r);
    }

    private static string Int(Frame f) => f.Reader().ReadInt().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string SortedStrings(Frame f) => string.Join(",", f.Reader().ReadStringVector().Order(StringComparer.Ordinal));

    private static string ClientInfos(Frame f)
    {
        var r = f.Reader();
        var count = r.ReadInt();
        var infos = new List<string>();
        for (var i = 0; i < count; i++)
        {
            infos.Add($"{r.ReadString()}:{r.ReadString()}");
        }

        return string.Join(",", infos.Order(StringComparer.Ordinal));
    }

    private static string AclAndStat(Frame f)
    {
        var r = f.Reader();
        var count = r.ReadInt();
        var acl = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            acl.Append(System.Globalization.CultureInfo.InvariantCulture, $"{r.ReadInt()}:{r.ReadString()}:{r.ReadString()};");
        }

        return $"{acl} {Stat(ref r)}";
    }

    private static string ChildrenAndStat(Frame f)
    {
        var r = f.Reader();
        var children = string.Join(",", r.ReadStringVector().Order(StringComparer.Ordinal));
        return $"{children} {Stat(ref r)}";
    }

    /// <summary>The results of a multi or multiRead, one per operation (their result types do not overlap).</summary>
    private static string MultiResults(Frame f)
    {
        var r = f.Reader();
        var results = new List<string>();
        while (true)
        {
            var type = r.ReadInt();
            var done = r.ReadBool();
            var err = r.ReadInt();
            if (done)
            {
                return string.Join(" | ", results);
            }

            results.Add(type switch
            {
                1 => $"create {r.ReadString()}",
                15 => $"create2 {r.ReadString()} {Stat(ref r)}",
                5 => $"setData {Stat(ref r)}",
                4 => $"getData {Encoding.UTF8.GetString(r.ReadBuffer() ?? [])} {Stat(ref r)}",
                8 => $"getChildren {string.Join(",", r.ReadStringVector().Order(StringComparer.Ordinal))}",
                -1 => $"error {err}/{r.ReadInt()}",
                _ => $"type {type}",
            });
        }
    }

    /// <summary>The Stat without zxids and times (they differ between any two servers).</summary>
    private static string Stat(ref JuteReader r)
    {
        var s = StatCodec.Read(ref r);
        return $"v{s.Version} cv{s.Cversion} av{s.Aversion} eph={s.EphemeralOwner != 0} len{s.DataLength} kids{s.NumChildren}";
    }
}
