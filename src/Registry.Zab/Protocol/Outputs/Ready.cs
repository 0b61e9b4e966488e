namespace Registry.Zab.Protocol.Outputs;

/// <summary>
/// The work the core produced since the last drain, to be carried out strictly in list order:
/// <list type="bullet">
/// <item><see cref="PersistAcceptedEpoch"/>, <see cref="PersistCurrentEpoch"/> and <see cref="TruncateLog"/> are
/// durable before the shell carries out any later action.</item>
/// <item><see cref="AppendToLog"/> may be buffered and fsynced later as a group; the core never sends an ack that
/// depends on it before the shell reports <see cref="ZabNode.LogDurable"/>. Messages may be sent before the
/// appends ahead of them are durable.</item>
/// <item><see cref="ApplyCommitted"/> are applied in order, so that a <see cref="SendSnapshot"/> after them
/// captures exactly the state it names.</item>
/// </list>
/// </summary>
public sealed class Ready
{
    internal Ready(IReadOnlyList<ZabAction> actions, ZabStatus status)
    {
        Actions = actions;
        Status = status;
    }

    public IReadOnlyList<ZabAction> Actions { get; }

    /// <summary>The status after these actions.</summary>
    public ZabStatus Status { get; }
}
