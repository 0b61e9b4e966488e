using Registry.Tree.Watches;

namespace Registry.Server.Changes;

/// <summary>One change in the feed: what happened to which path, at which zxid.</summary>
public readonly record struct ChangeEvent(EventType Type, string Path, long Zxid);
