using Registry.Tree.Watches;

namespace Registry.Tree;

/// <summary>One observable effect of an applied transaction (what a watcher or a change feed sees).</summary>
public readonly record struct TreeChange(EventType Type, string Path);
