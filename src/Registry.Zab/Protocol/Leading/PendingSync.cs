namespace Registry.Zab.Protocol.Leading;

/// <summary>A sync that waits until every proposal made before it arrived is committed.</summary>
internal readonly record struct PendingSync(long Learner, long RequestId, long WaitForZxid);
