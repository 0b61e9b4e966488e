namespace Registry.Server.Changes;

/// <summary>
/// Changes under a path after an index. <see cref="Reset"/> means the index is older than the retained
/// log, so the events are incomplete and the client must re-read the state it follows.
/// </summary>
public sealed record ChangeBatch(long Index, bool Reset, IReadOnlyList<ChangeEvent> Events);
