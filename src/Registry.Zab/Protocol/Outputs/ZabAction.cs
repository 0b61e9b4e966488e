namespace Registry.Zab.Protocol.Outputs;

/// <summary>
/// One thing the shell must do. A <see cref="Ready"/> lists actions in the order they must take effect; see
/// <see cref="Ready"/> for the durability rules.
/// </summary>
public abstract record ZabAction;
