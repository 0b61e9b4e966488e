namespace Registry.Tree;

/// <summary>The outcome of one operation: an error code, and for creates the actual path, for writes the new Stat.</summary>
public readonly record struct OpResult(ErrorCode Error, string? Path = null, Stat? Stat = null)
{
    public static readonly OpResult Ok = new(ErrorCode.Ok);

    public bool IsOk => Error == ErrorCode.Ok;
}
