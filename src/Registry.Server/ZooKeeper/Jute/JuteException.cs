namespace Registry.Server.ZooKeeper.Jute;

/// <summary>A record that does not decode: truncated, or with a length field that cannot be right.</summary>
public sealed class JuteException(string message) : Exception(message);
