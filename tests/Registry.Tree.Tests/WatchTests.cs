using Registry.Tree.Acl;
using Registry.Tree.Prepare;
using Registry.Tree.Watches;

namespace Registry.Tree.Tests;

/// <summary>Reference §8.3 (one-shot trigger table) and §8.4 (persistent and persistent-recursive watches).</summary>
public class WatchTests
{
    private readonly TreeHarness _h = new();
    private readonly RecordingWatcher _w = new();

    private DataTree Tree => _h.Tree;

    // ---- exists / data watches ----

    [Fact]
    public void Exists_watch_on_an_absent_node_fires_NodeCreated()
    {
        Assert.False(Tree.TryGetStat("/a", out _, _w));
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Data));
        _h.Create("/a");
        Assert.Equal([(EventType.NodeCreated, "/a")], _w.Seen());
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Data));
    }

    [Fact]
    public void Exists_watch_on_a_present_node_fires_NodeDataChanged_or_NodeDeleted()
    {
        _h.Create("/a");
        Assert.True(Tree.TryGetStat("/a", out _, _w));
        _h.SetData("/a", [1]);
        Assert.True(Tree.TryGetStat("/a", out _, _w));
        _h.Delete("/a");
        Assert.Equal([(EventType.NodeDataChanged, "/a"), (EventType.NodeDeleted, "/a")], _w.Seen());
    }

    [Fact]
    public void GetData_watch_fires_NodeDataChanged()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        _h.SetData("/a", [1]);
        Assert.Equal([(EventType.NodeDataChanged, "/a")], _w.Seen());
    }

    [Fact]
    public void GetData_watch_fires_NodeDeleted()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        _h.Delete("/a");
        Assert.Equal([(EventType.NodeDeleted, "/a")], _w.Seen());
    }

    [Fact]
    public void GetData_on_a_missing_node_leaves_no_watch()
    {
        Assert.False(Tree.TryGetData("/a", out _, out _, _w));
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Any));
        _h.Create("/a");
        Assert.Empty(_w.Events);
    }

    [Fact]
    public void Data_watch_ignores_child_changes_and_acl_changes()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        _h.Create("/a/b");
        _h.Delete("/a/b");
        _h.Ok(new SetAclOp("/a", AclEntry.OpenUnsafe));
        Assert.Empty(_w.Events);
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Data));
    }

    // ---- child watches ----

    [Fact]
    public void Child_watch_fires_NodeChildrenChanged_on_child_create()
    {
        _h.Create("/p");
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.Create("/p/c");
        Assert.Equal([(EventType.NodeChildrenChanged, "/p")], _w.Seen());
    }

    [Fact]
    public void Child_watch_fires_NodeChildrenChanged_on_child_delete()
    {
        _h.Create("/p");
        _h.Create("/p/c");
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.Delete("/p/c");
        Assert.Equal([(EventType.NodeChildrenChanged, "/p")], _w.Seen());
    }

    [Fact]
    public void Child_watch_fires_NodeDeleted_when_the_node_itself_goes()
    {
        _h.Create("/p");
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.Delete("/p");
        Assert.Equal([(EventType.NodeDeleted, "/p")], _w.Seen());
    }

    [Fact]
    public void Child_watch_ignores_data_changes_and_grandchildren()
    {
        _h.Create("/p");
        _h.Create("/p/c");
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.SetData("/p", [1]);
        _h.Create("/p/c/g");
        _h.SetData("/p/c", [1]);
        Assert.Empty(_w.Events);
    }

    [Fact]
    public void GetChildren_on_a_missing_node_leaves_no_watch()
    {
        Assert.False(Tree.TryGetChildren("/p", out _, out _, _w));
        Assert.False(Tree.Watches.Contains("/p", _w, WatchKind.Any));
        _h.Create("/p");
        _h.Create("/p/c");
        Assert.Empty(_w.Events);
    }

    // ---- one-shot and de-duplication ----

    [Fact]
    public void Standard_watches_are_one_shot()
    {
        _h.Create("/a");
        _h.Create("/p");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.SetData("/a", [1]);
        _h.SetData("/a", [2]);
        _h.Create("/p/x");
        _h.Create("/p/y");
        Assert.Equal([(EventType.NodeDataChanged, "/a"), (EventType.NodeChildrenChanged, "/p")], _w.Seen());
    }

    [Fact]
    public void Registering_the_same_watch_twice_is_idempotent()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetStat("/a", out _, _w);
        Assert.Equal((1, 1), Tree.Watches.Count());
        _h.SetData("/a", [1]);
        Assert.Single(_w.Events);
    }

    [Fact]
    public void Delete_with_data_and_child_watch_notifies_once()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/a", out _, out _, _w);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        Tree.Watches.AddPersistentWatch("/", _w, recursive: true);
        _h.Delete("/a");
        Assert.Equal([(EventType.NodeDeleted, "/a")], _w.Seen());
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Data));
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Children));
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Persistent));
    }

    [Fact]
    public void Every_watcher_is_notified()
    {
        var other = new RecordingWatcher();
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetData("/a", out _, out _, other);
        _h.SetData("/a", [1]);
        Assert.Single(_w.Events);
        Assert.Single(other.Events);
    }

    [Fact]
    public void Event_zxid_is_the_transaction_zxid()
    {
        Tree.TryGetStat("/a", out _, _w);
        _h.Create("/a");
        var created = _h.LastProposed;
        Tree.TryGetData("/a", out _, out _, _w);
        _h.Create("/x");
        _h.SetData("/a", [1]);
        var set = _h.LastProposed;
        Assert.Equal([created, set], _w.Events.Select(e => e.Zxid));
    }

    [Fact]
    public void Close_session_deletions_fire_NodeDeleted_and_NodeChildrenChanged()
    {
        _h.OpenSession(1);
        _h.Create("/p");
        _h.Create("/p/e", CreateMode.Ephemeral, context: TreeHarness.Session(1));
        Tree.TryGetData("/p/e", out _, out _, _w);
        Tree.TryGetChildren("/p", out _, out _, _w);
        _h.CloseSession(1);
        Assert.Equal([(EventType.NodeDeleted, "/p/e"), (EventType.NodeChildrenChanged, "/p")], _w.Seen());
        Assert.All(_w.Events, e => Assert.Equal(_h.LastProposed, e.Zxid));
    }

    // ---- persistent ----

    [Fact]
    public void Persistent_watch_sees_every_event_type_on_its_own_path_and_stays()
    {
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        _h.Create("/a");
        _h.SetData("/a", [1]);
        _h.SetData("/a", [2]);
        _h.Create("/a/b");
        _h.Delete("/a/b");
        _h.Delete("/a");
        _h.Create("/a");
        Assert.Equal(
            [
                (EventType.NodeCreated, "/a"), (EventType.NodeDataChanged, "/a"), (EventType.NodeDataChanged, "/a"),
                (EventType.NodeChildrenChanged, "/a"), (EventType.NodeChildrenChanged, "/a"), (EventType.NodeDeleted, "/a"),
                (EventType.NodeCreated, "/a"),
            ],
            _w.Seen());
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Persistent));
    }

    [Fact]
    public void Persistent_watch_ignores_descendants_and_the_parent()
    {
        _h.Create("/a");
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        _h.Create("/a/b");
        _h.SetData("/a/b", [1]);
        _h.Create("/a/b/c");
        _h.Create("/sibling");
        Assert.Equal([(EventType.NodeChildrenChanged, "/a")], _w.Seen());
    }

    [Fact]
    public void Persistent_and_standard_watch_on_one_path_notify_once()
    {
        _h.Create("/a");
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        Tree.TryGetData("/a", out _, out _, _w);
        _h.SetData("/a", [1]);
        Assert.Single(_w.Events);
    }

    // ---- persistent recursive ----

    [Fact]
    public void Recursive_watch_sees_descendants_but_never_NodeChildrenChanged()
    {
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: true);
        _h.Create("/a");
        _h.Create("/a/b");
        _h.Create("/a/b/c");
        _h.SetData("/a/b/c", [1]);
        _h.Delete("/a/b/c");
        _h.SetData("/a", [1]);
        _h.Create("/ab");      // not a descendant despite the prefix
        _h.Create("/other");
        Assert.Equal(
            [
                (EventType.NodeCreated, "/a"), (EventType.NodeCreated, "/a/b"), (EventType.NodeCreated, "/a/b/c"),
                (EventType.NodeDataChanged, "/a/b/c"), (EventType.NodeDeleted, "/a/b/c"), (EventType.NodeDataChanged, "/a"),
            ],
            _w.Seen());
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.PersistentRecursive));
    }

    [Fact]
    public void Recursive_watch_on_the_root_sees_everything_once_per_path()
    {
        Tree.Watches.AddPersistentWatch("/", _w, recursive: true);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: true);
        _h.Create("/a");
        _h.Create("/a/b");
        Assert.Equal([(EventType.NodeCreated, "/a"), (EventType.NodeCreated, "/a/b")], _w.Seen());
    }

    [Fact]
    public void Recursive_and_persistent_on_the_parent_both_apply_to_their_own_events()
    {
        _h.Create("/a");
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: true);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        _h.Create("/a/b");
        Assert.Equal([(EventType.NodeCreated, "/a/b"), (EventType.NodeChildrenChanged, "/a")], _w.Seen());
    }

    // ---- remove / contains ----

    [Fact]
    public void Remove_by_kind()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/a", out _, out _, _w);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: true);

        Assert.True(Tree.Watches.Remove("/a", _w, WatchKind.Children));
        Assert.False(Tree.Watches.Remove("/a", _w, WatchKind.Children));
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Children));
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Data));
        Assert.True(Tree.Watches.Remove("/a", _w, WatchKind.Persistent));
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.PersistentRecursive));
        Assert.True(Tree.Watches.Contains("/a", _w, WatchKind.Any));
        Assert.True(Tree.Watches.Remove("/a", _w, WatchKind.Any));
        Assert.False(Tree.Watches.Contains("/a", _w, WatchKind.Any));
        Assert.False(Tree.Watches.Remove("/a", _w, WatchKind.Any));
        Assert.Equal((0, 0), Tree.Watches.Count());
        _h.SetData("/a", [1]);
        _h.Create("/a/b");
        Assert.Empty(_w.Events);
    }

    [Fact]
    public void Remove_only_affects_the_given_watcher_and_path()
    {
        var other = new RecordingWatcher();
        _h.Create("/a");
        _h.Create("/b");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetData("/b", out _, out _, _w);
        Tree.TryGetData("/a", out _, out _, other);
        Assert.False(Tree.Watches.Remove("/a", _w, WatchKind.Children));
        Assert.True(Tree.Watches.Remove("/a", _w, WatchKind.Data));
        _h.SetData("/a", [1]);
        _h.SetData("/b", [1]);
        Assert.Equal([(EventType.NodeDataChanged, "/b")], _w.Seen());
        Assert.Single(other.Events);
    }

    [Fact]
    public void RemoveWatcher_drops_all_its_watches()
    {
        var other = new RecordingWatcher();
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/a", out _, out _, _w);
        Tree.TryGetStat("/nope", out _, _w);
        Tree.Watches.AddPersistentWatch("/", _w, recursive: true);
        Tree.Watches.AddPersistentWatch("/a", _w, recursive: false);
        Tree.TryGetData("/a", out _, out _, other);
        Assert.Equal(5, Tree.Watches.WatchesOf(_w).Count);
        Tree.Watches.RemoveWatcher(_w);
        Assert.Empty(Tree.Watches.WatchesOf(_w));
        Assert.Equal((1, 1), Tree.Watches.Count());
        _h.SetData("/a", [1]);
        _h.Create("/nope");
        _h.Create("/a/b");
        Assert.Empty(_w.Events);
        Assert.Single(other.Events);
    }

    [Fact]
    public void WatchesOf_lists_paths_by_kind()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/a", out _, out _, _w);
        Tree.Watches.AddPersistentWatch("/p", _w, recursive: false);
        Tree.Watches.AddPersistentWatch("/r", _w, recursive: true);
        Assert.Equal(
            [("/a", WatchKind.Children), ("/a", WatchKind.Data), ("/p", WatchKind.Persistent), ("/r", WatchKind.PersistentRecursive)],
            Tree.Watches.WatchesOf(_w).OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Kind));
        Assert.Equal((3, 4), Tree.Watches.Count());
    }

    [Fact]
    public void Failed_prepares_fire_nothing()
    {
        _h.Create("/a");
        Tree.TryGetData("/a", out _, out _, _w);
        Tree.TryGetChildren("/", out _, out _, _w);
        _h.Fail(new SetDataOp("/a", [1], 5));
        _h.Fail(new MultiOp([Ops.Create("/b"), new CheckOp("/a", 9)]));
        Assert.Empty(_w.Events);
    }
}
