using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Watches;

namespace Registry.Server.ZooKeeper.Watches;

/// <summary>
/// The watcher identity of one client connection in the tree's watch table (watches are per connection, as
/// in ZooKeeper). Runs on the apply thread: it drops events on nodes the connection may not read (ZooKeeper
/// 3.8.4+), then hands the event to the connection's outbound queue without blocking.
/// </summary>
public sealed class ConnectionWatcher(DataTree tree, Func<IReadOnlyList<Id>> identities, Action<WatchedEvent> deliver) : IWatcher
{
    public void Process(WatchedEvent watchedEvent)
    {
        var acl = tree.GetAcl(watchedEvent.Path, out _);
        if (acl is not null && !AclPolicy.IsAllowed(acl, identities(), Perms.Read))
        {
            return;
        }

        deliver(watchedEvent);
    }
}
