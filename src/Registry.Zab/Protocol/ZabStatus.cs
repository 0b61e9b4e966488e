namespace Registry.Zab.Protocol;

/// <summary>
/// Where a server stands: its role and phase, the leader it follows (or itself), and its current epoch.
/// A server can serve quorum reads and accept writes only in <see cref="ZabPhase.Broadcast"/>.
/// </summary>
public readonly record struct ZabStatus(ZabRole Role, ZabPhase Phase, long? LeaderId, long Epoch)
{
    public bool IsActive => Phase == ZabPhase.Broadcast;

    public override string ToString() => $"{Role}/{Phase} leader={LeaderId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} epoch={Epoch}";
}
