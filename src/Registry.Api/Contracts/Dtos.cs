using System.Text.Json.Serialization;

namespace Registry.Api.Contracts;

/// <summary>A node's data (base64 in JSON) and Stat.</summary>
public sealed record NodeDto(string Path, byte[] Data, StatDto Stat);

/// <summary>A node's child names (sorted) and its Stat.</summary>
public sealed record ChildrenDto(string Path, IReadOnlyList<string> Children, StatDto Stat);

/// <summary>The result of a create or set: the actual path (with any sequential suffix) and the new Stat.</summary>
public sealed record WrittenDto(string Path, StatDto Stat);

/// <summary>A node's ACL and Stat.</summary>
public sealed record AclDto(string Path, IReadOnlyList<AclEntryDto> Acl, StatDto Stat);

/// <summary>One ACL entry: perms in ZooKeeper's cdrwa letters, scheme and id (e.g. world/anyone, digest/bob:hash, ip/10.0.0.0/8).</summary>
public sealed record AclEntryDto(string Perms, string Scheme, string Id);

public sealed record CreateSessionRequest(int TimeoutMs);

public sealed record SessionDto(string Id, int TimeoutMs, IReadOnlyList<string>? Ephemerals);

public sealed record ChangeEventDto(string Type, string Path, long Zxid);

/// <summary>Changes after the requested index; reset = the index was older than the retained change log.</summary>
public sealed record EventsDto(long Index, bool Reset, IReadOnlyList<ChangeEventDto> Events);

/// <summary>One operation of a multi: op = create|delete|set|check.</summary>
public sealed record MultiOpDto(string Op, string Path, byte[]? Data, string? Mode, long? Ttl, int? Version, IReadOnlyList<AclEntryDto>? Acl);

/// <summary>One result of a multi: the op, and its created path / new Stat, or its error.</summary>
public sealed record MultiResultDto(string Op, string? Path, StatDto? Stat, string? Error);

public sealed record MultiResponseDto(long Index, IReadOnlyList<MultiResultDto> Results);

/// <summary>
/// What /v1/status reports. <c>mode</c> is standalone, leader, follower, observer or looking; <c>leaderId</c> (null
/// while looking and standalone), <c>epoch</c> (0 standalone) and <c>peers</c> (null standalone) describe the ensemble.
/// <c>checkOwners</c> maps each live server's id to the ids of the health checks it runs, as this server assigns them
/// (absent from /v1/status/ready).
/// </summary>
public sealed record StatusDto(
    string Mode,
    int ServerId,
    long LastZxid,
    int NodeCount,
    int SessionCount,
    int EphemeralCount,
    int WatchCount,
    int PendingWrites,
    string Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? LeaderId = null,
    long Epoch = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<PeerDto>? Peers = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? CheckOwners = null);

/// <summary>
/// One configured server as the answering server knows it. <c>role</c>: leader, follower, observer, looking or
/// unknown; <c>lastZxid</c>: its last acknowledged zxid as known here; <c>lag</c>: proposals behind the leader
/// (leader's view only, else null); <c>state</c>: self, connected or disconnected.
/// </summary>
public sealed record PeerDto(
    int ServerId,
    string Address,
    string Role,
    long LastZxid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Lag,
    string State);
