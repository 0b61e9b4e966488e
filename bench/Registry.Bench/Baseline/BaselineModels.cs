using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Bench.Baseline;

/// <summary>The registry's znode stat, field for field, so replies have the real size and shape.</summary>
internal sealed record Stat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid);

internal sealed record ZnodeReply(string Path, byte[] Data, Stat Stat);

internal sealed record ZnodeWritten(string Path, Stat Stat);

internal sealed record SessionRequest(int TimeoutMs);

internal sealed record SessionReply(string Id, int TimeoutMs);

internal sealed record StatusReply(string Mode, long Index);

/// <summary>Source-generated, as a tuned real server would be, so the baseline's serialisation cost is the floor.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ZnodeReply))]
[JsonSerializable(typeof(ZnodeWritten))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionReply))]
[JsonSerializable(typeof(StatusReply))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
