namespace Registry.Cli.Rest;

// The CLI's own view of the native API's JSON: only the fields it reads, so it does not depend on server internals.

/// <summary>ZooKeeper's Stat; ephemeralOwner is the owning session in hex ("0" when none).</summary>
internal sealed record StatDto(
    long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion,
    string EphemeralOwner, int DataLength, int NumChildren, long Pzxid);

internal sealed record NodeDto(byte[] Data, StatDto Stat);

internal sealed record ChildrenDto(IReadOnlyList<string> Children);

/// <summary>The result of a create or set: the actual path, with any sequential suffix.</summary>
internal sealed record WrittenDto(string Path);

internal sealed record SessionDto(string Id);

internal sealed record ChangeEventDto(string Type, string Path, long Zxid);

/// <summary>Changes after the requested index; reset = that index was older than the server's retained change log.</summary>
internal sealed record EventsDto(long Index, bool Reset, IReadOnlyList<ChangeEventDto> Events);

internal sealed record StatusDto(
    string Mode, int ServerId, long LastZxid, int NodeCount, int SessionCount, int EphemeralCount, int WatchCount, int PendingWrites, string Version,
    long? LeaderId = null, long Epoch = 0, IReadOnlyList<PeerDto>? Peers = null);

/// <summary>One server of the ensemble as the answering server knows it (null list when standalone).</summary>
internal sealed record PeerDto(int ServerId, string Address, string Role, long LastZxid, long? Lag, string State);

/// <summary>An application/problem+json error: code is the ZooKeeper error name (NoNode, BadVersion, ...).</summary>
internal sealed record ProblemDto(string? Code, string? Detail);
