using Registry.Catalog.Index;
using Registry.Server.Pipeline;
using Registry.Server.Storage;
using Registry.Tree;
using Registry.Tree.Watches;

namespace Registry.Api.Consul.Kv;

/// <summary>
/// Wakes KV blocking queries: topics "key:&lt;k&gt;" (one key) and "prefix:&lt;p&gt;" (recurse/keys listings) are
/// raised by the zxid of any change to a matching entry or its lock, deletions included. A new topic starts
/// at the index of the last KV change, so reported indexes never go backwards and never skip a change.
/// </summary>
public sealed class KvWatch : IApplyObserver
{
    private long _lastChange;

    public KvWatch(TreeDatabase database)
    {
        foreach (var root in new[] { KvPaths.Root, KvPaths.Locks })
        {
            if (database.Tree.TryGetStat(root, out var stat))
            {
                _lastChange = Math.Max(_lastChange, Math.Max(stat.Pzxid, stat.Mzxid));
            }
        }
    }

    public SignalBoard Signals { get; } = new();

    public long LastChange => Volatile.Read(ref _lastChange);

    public static string KeyTopic(string key) => "key:" + key;

    public static string PrefixTopic(string prefix) => "prefix:" + prefix;

    public void OnApplied(ApplyResult result)
    {
        for (var i = 0; i < result.Changes.Count; i++)
        {
            var change = result.Changes[i];
            if (change.Type == EventType.NodeChildrenChanged || !KvPaths.TryParse(change.Path, out var key))
            {
                continue;
            }

            Raise(key, result.Zxid);
        }
    }

    /// <summary>A method of its own: the lambda's captured key would otherwise be allocated for every change applied.</summary>
    private void Raise(string key, long zxid)
    {
        Volatile.Write(ref _lastChange, zxid);
        Signals.Raise(KeyTopic(key), zxid);
        Signals.RaiseWhere(topic => topic.StartsWith("prefix:", StringComparison.Ordinal) && key.AsSpan().StartsWith(topic.AsSpan(7), StringComparison.Ordinal), zxid);
    }
}
