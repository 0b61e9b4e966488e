using System.Globalization;
using System.Text;
using Registry.Tree.Acl;
using Registry.Tree.Watches;

namespace Registry.Tree.Tests;

/// <summary>
/// A canonical text dump of everything a tree exposes (nodes walked from the root through the child lists, every
/// Stat field, data, ACL, sessions, ephemerals, reap candidates, LastZxid). Two trees are equivalent when their
/// dumps are equal, and a failing Assert.Equal shows the first differing line.
/// </summary>
internal static class TreeState
{
    public static string Dump(DataTree tree, long reapNow = 0)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"lastZxid={tree.LastZxid}\n");
        var visited = 0;
        var stack = new Stack<string>();
        stack.Push(ZPath.Root);
        var lines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            visited++;
            Assert.True(tree.TryGetData(path, out var data, out var stat), $"{path} is listed as a child but does not exist");
            Assert.True(tree.TryGetChildren(path, out var children, out _));
            var acl = tree.GetAcl(path, out _)!;
            children.Sort(StringComparer.Ordinal);
            lines[path] = Line(path, data, stat, acl, children);
            foreach (var child in children)
            {
                stack.Push(ZPath.Join(path, child));
            }
        }

        Assert.Equal(tree.NodeCount, visited);
        foreach (var line in lines.Values)
        {
            sb.Append(line).Append('\n');
        }

        foreach (var (id, timeout) in tree.Sessions.OrderBy(s => s.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"session {id} timeout={timeout} ephemerals=[{string.Join(",", tree.EphemeralsOf(id))}]\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"ephemeralCount={tree.EphemeralCount}\n");
        sb.Append(CultureInfo.InvariantCulture, $"reap=[{string.Join(",", tree.ReapCandidates(reapNow).Order(StringComparer.Ordinal))}]\n");
        return sb.ToString();
    }

    public static string Line(string path, byte[] data, Stat stat, IReadOnlyList<AclEntry> acl, IEnumerable<string> sortedChildren) =>
        $"{path} data={Convert.ToHexString(data)} {stat} acl=[{AclText(acl)}] children=[{string.Join(",", sortedChildren)}]";

    public static string AclText(IEnumerable<AclEntry> acl) =>
        string.Join(",", acl.Select(e => string.Create(CultureInfo.InvariantCulture, $"{(int)e.Perms}:{e.Id.Scheme}:{e.Id.Value}")));
}

/// <summary>Records every notification it receives.</summary>
internal sealed class RecordingWatcher : IWatcher
{
    public List<WatchedEvent> Events { get; } = [];

    public void Process(WatchedEvent watchedEvent) => Events.Add(watchedEvent);

    public List<(EventType Type, string Path)> Seen() => [.. Events.Select(e => (e.Type, e.Path))];
}
