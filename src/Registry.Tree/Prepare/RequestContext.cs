using Registry.Tree.Acl;

namespace Registry.Tree.Prepare;

/// <summary>Who is asking: the session (0 for sessionless REST calls) and the identities ACLs are checked against.</summary>
public sealed record RequestContext(long SessionId, IReadOnlyList<Id> Identities)
{
    public static readonly RequestContext Anonymous = new(0, []);

    /// <summary>The server's own housekeeping (expiry, reaping): bypasses ACLs like ZooKeeper's internal requests.</summary>
    public static readonly RequestContext System = new(0, [Id.Super]);
}
