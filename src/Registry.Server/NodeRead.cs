using Registry.Tree;

namespace Registry.Server;

/// <summary>A node as read: its data and/or children with its Stat, and the zxid the read reflects.</summary>
public sealed record NodeRead(string Path, byte[] Data, IReadOnlyList<string>? Children, Stat Stat, long Index);
