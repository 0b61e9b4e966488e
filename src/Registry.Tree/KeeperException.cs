namespace Registry.Tree;

/// <summary>A request failed with a ZooKeeper error code; the message says why in operator terms.</summary>
public sealed class KeeperException : Exception
{
    public KeeperException(ErrorCode code, string message) : base(message) => Code = code;

    public KeeperException() : this(ErrorCode.SystemError, "system error") { }

    public KeeperException(string message) : this(ErrorCode.SystemError, message) { }

    public KeeperException(string message, Exception innerException) : base(message, innerException) => Code = ErrorCode.SystemError;

    public ErrorCode Code { get; }
}
