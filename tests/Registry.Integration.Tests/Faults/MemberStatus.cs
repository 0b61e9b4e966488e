using System.Text.Json;

namespace Registry.Integration.Tests.Faults;

/// <summary>The fields of GET /v1/status that the ensemble tests observe.</summary>
public sealed record MemberStatus(int ServerId, string Mode, int? LeaderId, long Epoch, long LastZxid)
{
    public bool IsServing => Mode is "leader" or "follower" or "observer";

    public static MemberStatus Parse(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return new MemberStatus(
            root.GetProperty("serverId").GetInt32(),
            root.GetProperty("mode").GetString()!,
            root.TryGetProperty("leaderId", out var leader) && leader.ValueKind == JsonValueKind.Number ? leader.GetInt32() : null,
            root.TryGetProperty("epoch", out var epoch) && epoch.ValueKind == JsonValueKind.Number ? epoch.GetInt64() : 0,
            root.GetProperty("lastZxid").GetInt64());
    }

    public override string ToString() => $"{ServerId}:{Mode}(leader {LeaderId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, epoch {Epoch}, zxid 0x{LastZxid:x})";
}
